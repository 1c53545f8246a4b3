package io.initaudit.sampling;

import io.initaudit.semantics.ParameterSpec;

/**
 * One parameter's initial values, in its framework's own layout ({@link ParameterSpec#shape()}, row-major).
 *
 * @param spec the parameter
 * @param values {@code spec.elements()} values
 */
public record WeightTensor(ParameterSpec spec, float[] values) {
}
