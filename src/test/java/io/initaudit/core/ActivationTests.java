package io.initaudit.core;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ActivationTests {

	// scipy 1.17.1 quad of f(x)² φ(x) (reference_values.py); softplus from semantics-more.md §6 (6 digits).
	static Stream<Arguments> secondMomentGains() {
		return Stream.of(Arguments.of(Activation.GELU, 1.0, 1.5335304411955344, 1e-9), Arguments.of(Activation.SILU, 1.0, 1.6765324703310898, 1e-9),
				Arguments.of(Activation.MISH, 1.0, 1.4868475812732072, 1e-9), Arguments.of(Activation.ELU, 1.0, 1.2451983007007061, 1e-9),
				Arguments.of(Activation.TANH, 1.0, 1.5925374197228315, 1e-9), Arguments.of(Activation.SIGMOID, 1.0, 1.8462285453386054, 1e-9),
				Arguments.of(Activation.SELU, 1.0, 1.0, 1e-9), Arguments.of(Activation.LEAKY_RELU, 0.2, 1.386750490563072, 1e-9),
				Arguments.of(Activation.RELU, 0.0, Math.sqrt(2), 1e-9), Arguments.of(Activation.SOFTPLUS, 1.0, 1.041867, 1e-6));
	}

	@ParameterizedTest(name = "{0}({1}): 1/√E[f²] = {2}")
	@MethodSource("secondMomentGains")
	void secondMomentGainsMatchQuadrature(Activation a, double param, double gain, double tolerance) {
		assertThat(a.secondMomentGain(param)).isCloseTo(gain, within(tolerance));
	}

	@Test
	void frameworkGainsAreTorchCalculateGain() {
		// torch/nn/init.py calculate_gain: relu √2, tanh 5/3, leaky_relu √(2/(1+slope²)), selu 3/4, sigmoid 1.
		assertThat(Activation.RELU.frameworkGain(0)).isEqualTo(Math.sqrt(2));
		assertThat(Activation.TANH.frameworkGain(0)).isEqualTo(5.0 / 3.0);
		assertThat(Activation.LEAKY_RELU.frameworkGain(0.2)).isCloseTo(Math.sqrt(2 / 1.04), within(1e-15));
		assertThat(Activation.SELU.frameworkGain(0)).isEqualTo(0.75);
		assertThat(Activation.GELU.frameworkGain(1)).isNull();
		assertThat(Activation.GELU.gainUndefined()).isTrue();
	}

	@Test
	void intendedGainUsesLecunForSeluAndComputedGainsWhereNoneIsDefined() {
		assertThat(Activation.SELU.intendedGain(0)).isEqualTo(1.0);
		assertThat(Activation.GELU.intendedGain(1)).isCloseTo(1.5335304411955344, within(1e-9));
		assertThat(Activation.TANH.intendedGain(0)).isEqualTo(5.0 / 3.0);
	}

}
