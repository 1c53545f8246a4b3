package io.initaudit.core;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.data.Percentage.withPercentage;

class GaussianTests {

	// scipy 1.17.1: scipy.special.erf(x), scipy.special.erfc(x) (src/test/resources/reference/reference_values.py)
	static Stream<Arguments> erfReference() {
		return Stream.of(Arguments.of(0.1, 0.1124629160182849, 0.8875370839817152), Arguments.of(0.5, 0.5204998778130465, 0.4795001221869535),
				Arguments.of(1.0, 0.8427007929497148, 0.15729920705028516), Arguments.of(2.0, 0.9953222650189527, 0.004677734981047266),
				Arguments.of(2.9, 0.9999589021219005, 4.109787809945884e-05), Arguments.of(3.1, 0.9999883513426328, 1.1648657367199584e-05),
				Arguments.of(4.0, 0.9999999845827421, 1.541725790028002e-08), Arguments.of(6.0, 1.0, 2.1519736712498913e-17));
	}

	@ParameterizedTest(name = "erf({0}) = {1}, erfc = {2}")
	@MethodSource("erfReference")
	void matchesScipyErfAndErfc(double x, double erf, double erfc) {
		// 4 ulp of 1.0: the series and the continued fraction agree with scipy to a few ulp.
		assertThat(Gaussian.erf(x)).isCloseTo(erf, within(5e-16));
		assertThat(Gaussian.erf(-x)).isCloseTo(-erf, within(5e-16));
		// erfc keeps its relative accuracy deep in the tail.
		assertThat(Gaussian.erfc(x)).isCloseTo(erfc, withPercentage(1e-11));
		assertThat(Gaussian.erfc(-x)).isCloseTo(2.0 - erfc, within(4e-16));
	}

	// scipy 1.17.1: scipy.stats.truncnorm(a, b).std(), .mean()
	static Stream<Arguments> truncnormReference() {
		double inf = Double.POSITIVE_INFINITY;
		return Stream.of(Arguments.of(-2, 2, 0.8796256610342398, 0.0), Arguments.of(-1, 1, 0.5395600937548968, 0.0),
				Arguments.of(-3, 1, 0.7849469634044259, -0.2827861107271541), Arguments.of(0, inf, 0.6028102749890869, 0.7978845608028654),
				Arguments.of(-inf, 0.5, 0.6972628168032245, -0.5091604338370335), Arguments.of(1, 3, 0.41647677597210964, 1.5100495132439835));
	}

	@ParameterizedTest(name = "truncnorm({0}, {1}): std {2}, mean {3}")
	@MethodSource("truncnormReference")
	void matchesScipyTruncnorm(double a, double b, double std, double mean) {
		assertThat(Gaussian.truncatedStd(a, b)).isCloseTo(std, within(1e-14));
		assertThat(Gaussian.truncatedMean(a, b)).isCloseTo(mean, within(1e-14));
	}

	@Test
	void truncatedStdConstantMatchesClosedForm() {
		// √(1 − 2·2·φ(2)/(Φ(2)−Φ(−2))) = 0.8796256610342398: the literal Keras, TF, JAX and timm divide by.
		assertThat(Gaussian.truncatedStd(-2, 2)).isCloseTo(Gaussian.TRUNCATED_AT_TWO_SIGMA_STD, within(1e-15));
	}

	@Test
	void rejectsEmptyTruncationInterval() {
		assertThatIllegalArgumentException().isThrownBy(() -> Gaussian.truncatedStd(1, 1)).withMessageContaining("non-empty");
	}

}
