package io.initaudit.model;

import org.jspecify.annotations.Nullable;

/**
 * Statistics of weights the user actually initialized in their framework (e.g. from the PyTorch exporter).
 */
public record MeasuredStats(double std, @Nullable Double mean, @Nullable Double min, @Nullable Double max, @Nullable Long count) {
}
