package io.initaudit.core;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

class DistributionTests {

	// scipy 1.17.1: quad of fmod(z, m)^p φ(z) and remainder(z, m)^p φ(z), integrated directly (reference_values.py)
	static Stream<Arguments> foldReference() {
		return Stream.of(Arguments.of(0.5, 0.27383711725627774, 0.25, 0.14433756729740643),
				Arguments.of(1.0, 0.5154060620735685, 0.5, 0.2886751350643083),
				Arguments.of(Math.sqrt(2), 0.6863368117599569, 0.7071067811865476, 0.4082611271913633),
				Arguments.of(2.0, 0.86588843526995, 1.0, 0.5798690318867844), Arguments.of(3.0, 0.9854521622033331, 1.5, 0.922908697494258));
	}

	@ParameterizedTest(name = "modulus {0}: fmod std {1}; remainder mean {2}, std {3}")
	@MethodSource("foldReference")
	void foldedNormalsMatchDirectIntegration(double modulus, double fmodStd, double remainderMean, double remainderStd) {
		Distribution f = Distribution.fmod(modulus, 1.0);
		assertThat(f.std()).isCloseTo(fmodStd, within(1e-12));
		assertThat(f.mean()).isZero();
		assertThat(f.lower()).isEqualTo(-modulus);
		Distribution r = Distribution.remainder(modulus, 1.0);
		assertThat(r.mean()).isCloseTo(remainderMean, within(1e-12));
		assertThat(r.std()).isCloseTo(remainderStd, within(1e-12));
		assertThat(r.isCentred()).isFalse();
	}

	// scipy 1.17.1 (reference_values.py): truncnorm(a, b).stats(moments="k"); folds and ND4J's redraw-once integrated directly.
	static Stream<Arguments> kurtosisReference() {
		return Stream.of(Arguments.of("truncated ±2σ", Distribution.truncatedAtTwoSigma(0.3), -0.6344632828703505),
				Arguments.of("truncated [2.5, 4]σ", Distribution.truncatedNormal(0.0, 1.0, 2.5, 4.0), 1.6088288783366185),
				Arguments.of("truncated [-1, 3]σ, shifted and scaled", Distribution.truncatedNormal(0.1, 0.5, -0.4, 1.6), -0.20582065135274608),
				Arguments.of("fmod(randn, 1)", Distribution.fmod(1.0, 0.7), -0.9317043222253085),
				Arguments.of("fmod(randn, 2)", Distribution.fmod(2.0, 0.02), -0.5754644424883),
				Arguments.of("remainder(randn, 1)", Distribution.remainder(1.0, 1.0), -1.2000000040580068),
				Arguments.of("remainder(randn, 2)", Distribution.remainder(2.0, 3.0), -1.2108559843815396),
				Arguments.of("nd4j redraw-once", Distribution.truncatedRedrawOnce(0.0625), -0.6295558138686523),
				Arguments.of("normal", Distribution.normal(0.5, 2.0), 0.0), Arguments.of("uniform", Distribution.uniform(-1, 3), -1.2),
				// −6/(n + 2): one coordinate of a point uniform on the sphere S^(n−1), n = 1024.
				Arguments.of("orthogonal 256×1024", Distribution.orthogonal(1.4, 256, 1024), -6.0 / 1026));
	}

	@ParameterizedTest(name = "{0}: excess kurtosis {2}")
	@MethodSource("kurtosisReference")
	void kurtosisMatchesTheReference(String name, Distribution law, double kurtosis) {
		// Tolerance 1e-9: the references are quad integrals with ~1e-13 absolute error; the closed forms lose a few digits in m₄ − …
		assertThat(law.excessKurtosis()).isCloseTo(kurtosis, within(1e-9));
	}

	@Test
	void aConstantHasNoKurtosis() {
		assertThat(Distribution.constant(1.0).excessKurtosis()).isNaN();
	}

	@Test
	void fmodIsNotTruncation() {
		// semantics.md §7: fmod(randn, 2) has std 0.8659, a ±2σ truncation 0.8796.
		assertThat(Distribution.fmod(2.0, 0.02).std()).isCloseTo(0.86588843526995 * 0.02, within(1e-15));
		assertThat(Distribution.truncatedAtTwoSigma(0.02).std()).isCloseTo(0.8796256610342398 * 0.02, within(1e-15));
	}

	@Test
	void torchTruncNormalBoundsAreAbsolute() {
		// trunc_normal_(std=0.02) with the default a=-2, b=2 cuts at ±100σ: nothing is truncated.
		Distribution d = Distribution.truncatedNormal(0.0, 0.02, -2.0, 2.0);
		assertThat(d.std()).isCloseTo(0.02, within(1e-15));
		assertThat(d.paramStd()).isEqualTo(0.02);
	}

	@Test
	void nd4jRedrawOnceLawHasTheExpectedStd() {
		// scipy 1.17.1: √(1 − p²)·truncnorm(−2, 2).std(), p = 2·norm.sf(2) = 0.8787146562082208
		assertThat(Distribution.truncatedRedrawOnce(1.0).std()).isCloseTo(0.8787146562082208, within(1e-15));
	}

	@Test
	void uniformMomentsAndScaling() {
		Distribution u = Distribution.uniform(-0.05, 0.05);
		assertThat(u.std()).isCloseTo(0.1 / Math.sqrt(12), within(1e-17));
		Distribution s = u.scaled(-2.0);
		assertThat(s.lower()).isEqualTo(-0.1);
		assertThat(s.upper()).isEqualTo(0.1);
		assertThat(s.std()).isCloseTo(2 * u.std(), within(1e-17));
	}

	@Test
	void orthogonalEntriesHaveVarianceGainSquaredOverLongerSide() {
		assertThat(Distribution.orthogonal(1.0, 256, 1024).std()).isCloseTo(1.0 / 32.0, within(1e-17));
	}

	@Test
	void kerasLstmBiasIsZerosWithTheForgetGateAtOne() {
		// keras LSTMCell(unit_forget_bias=True): concatenate([zeros(H), ones(H), zeros(2H)]). For H = 3: 12 values, three ones,
		// mean 1/4, population std √(1/4 · 3/4), excess kurtosis of a two-point law with p = 1/4: (1 − 6·3/16)/(3/16) = −2/3.
		Distribution d = Distribution.forgetGate(4, 0.0, 1.0);
		double[] v = new double[12];
		for (int i = 0; i < 12; i++) {
			v[i] = d.forgetGateValue(i, 12);
		}
		assertThat(v).containsExactly(0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0);
		assertThat(d.mean()).isEqualTo(0.25);
		assertThat(d.std()).isCloseTo(Math.sqrt(3.0 / 16.0), within(1e-16));
		assertThat(d.lower()).isEqualTo(0.0);
		assertThat(d.upper()).isEqualTo(1.0);
		assertThat(d.excessKurtosis()).isCloseTo(-2.0 / 3.0, within(1e-15));
		assertThatIllegalArgumentException().isThrownBy(() -> Distribution.forgetGate(1, 0, 1));
	}

	@Test
	void rejectsInvalidParameters() {
		assertThatIllegalArgumentException().isThrownBy(() -> Distribution.normal(0, -1)).withMessageContaining("std must be");
		assertThatIllegalArgumentException().isThrownBy(() -> Distribution.uniform(1, 0)).withMessageContaining("lower <= upper");
		assertThatIllegalArgumentException().isThrownBy(() -> Distribution.truncatedNormal(0, 1, 50, 60)).withMessageContaining("no mass");
		assertThatIllegalArgumentException().isThrownBy(() -> Distribution.fmod(0, 1)).withMessageContaining("modulus");
	}

}
