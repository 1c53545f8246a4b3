package io.initaudit.nd4j;

import java.util.List;
import java.util.stream.Stream;

import io.initaudit.core.Distribution;
import io.initaudit.core.Gaussian;
import io.initaudit.sampling.SampleStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Every family sampled with ND4J agrees with its analytic moments. Tolerance: 5 standard errors of the sample std,
 * σ·√((κ + 2)/(4n)) with κ the law's analytic excess kurtosis ({@link Distribution#excessKurtosis()}; n = 400,000
 * values, ≈0.4% for a normal).
 */
class Nd4jSamplerTests {

	static final int N = 400_000;

	private final Nd4jSampler sampler = new Nd4jSampler();

	static Stream<Arguments> laws() {
		return Stream.of(Arguments.of("normal", Distribution.normal(0, 0.2)), Arguments.of("normal, nonzero mean", Distribution.normal(0.5, 0.01)),
				Arguments.of("uniform", Distribution.symmetricUniform(0.3)), Arguments.of("asymmetric uniform (jax)", Distribution.uniform(0, 0.01)),
				Arguments.of("truncated ±2σ, std 0.0589", Distribution.truncatedWithStd(0.0589)),
				Arguments.of("truncated, absolute bounds beyond reach", Distribution.truncatedNormal(0, 0.02, -2, 2)),
				Arguments.of("truncated, asymmetric and far in the tail", Distribution.truncatedNormal(0.0, 1.0, 2.5, 4.0)),
				Arguments.of("truncated, asymmetric [-1, 3]σ", Distribution.truncatedNormal(0.1, 0.5, -0.4, 1.6)),
				Arguments.of("nd4j redraw-once", Distribution.truncatedRedrawOnce(0.0625)),
				Arguments.of("fmod(randn, 2) * 0.02", Distribution.fmod(2, 0.02)), Arguments.of("fmod(randn, 1)", Distribution.fmod(1, 1)),
				Arguments.of("remainder(randn, 2)", Distribution.remainder(2, 1)));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("laws")
	void sampledMomentsMatchTheAnalyticOnes(String name, Distribution law) {
		SampleStats s = this.sampler.sample(law, List.of((long) N), 1, N, N, 42);
		assertThat(s.count()).isEqualTo(N);
		double seStd = law.std() * Math.sqrt((law.excessKurtosis() + 2) / (4.0 * N));
		assertThat(s.std()).as(name + " std").isCloseTo(law.std(), within(5 * seStd));
		assertThat(s.mean()).as(name + " mean").isCloseTo(law.mean(), within(5 * law.std() / Math.sqrt(N) + 1e-7));
		if (law.lower() != null) {
			assertThat(s.min()).isGreaterThanOrEqualTo(law.lower() - 1e-6 * Math.max(1, Math.abs(law.lower())));
			assertThat(s.max()).isLessThanOrEqualTo(law.upper() + 1e-6 * Math.max(1, Math.abs(law.upper())));
		}
		assertThat(s.histogram().counts().stream().mapToLong(Long::longValue).sum()).isEqualTo(N);
		assertThat(s.histogram().edges()).hasSize(SampleStats.BINS + 1);
	}

	@Test
	void kurtosisTellsTheShapes() {
		// Excess kurtosis: normal 0, uniform −1.2, ±2σ truncated normal −0.63446 (scipy 1.17.1: truncnorm(-2, 2).stats(moments="k")).
		assertThat(this.sampler.sample(Distribution.normal(0, 1), List.of((long) N), 1, N, N, 1).kurtosis()).isCloseTo(0.0, within(0.05));
		assertThat(this.sampler.sample(Distribution.symmetricUniform(1), List.of((long) N), 1, N, N, 1).kurtosis()).isCloseTo(-1.2, within(0.02));
		assertThat(this.sampler.sample(Distribution.truncatedAtTwoSigma(1), List.of((long) N), 1, N, N, 1).kurtosis()).isCloseTo(-0.6344632828703505,
				within(0.03));
	}

	@Test
	void sameSeedSameValuesOtherSeedOtherValues() {
		Distribution law = Distribution.truncatedWithStd(0.1);
		SampleStats a = this.sampler.sample(law, List.of(1000L), 1, 1000, 1000, 7);
		SampleStats b = this.sampler.sample(law, List.of(1000L), 1, 1000, 1000, 7);
		SampleStats c = this.sampler.sample(law, List.of(1000L), 1, 1000, 1000, 8);
		assertThat(a).isEqualTo(b);
		assertThat(c.mean()).isNotEqualTo(a.mean());
	}

	@Test
	void orthogonalMatricesHaveEntryStdGainOverRootOfTheLongerSide() {
		SampleStats s = this.sampler.sample(Distribution.orthogonal(1.0, 256, 1024), List.of(256L, 1024L), 256, 1024, 1_000_000, 3);
		// Every entry of a semi-orthogonal 256×1024 matrix: Σ x² = 256 exactly, so the mean square is 1/1024.
		assertThat(s.std() * s.std() + s.mean() * s.mean()).isCloseTo(1.0 / 1024, within(1e-7));
	}

	@Test
	void capsTheSampleAndSaysWhyWhenItCannot() {
		SampleStats s = this.sampler.sample(Distribution.normal(0, 1), List.of(4096L, 4096L), 4096, 4096, 10_000, 1);
		assertThat(s.count()).isEqualTo(10_000);
		assertThatThrownBy(() -> this.sampler.sample(Distribution.orthogonal(1, 4096, 4096), List.of(4096L, 4096L),
				4096, 4096, 10_000, 1)).hasMessageContaining("larger than the sampling cap");
	}

	@Test
	void inverseCdfRoundTrips() {
		for (double p : new double[] { 1e-12, 1e-5, 0.02, 0.3, 0.5, 0.77, 0.99, 1 - 1e-9 }) {
			assertThat(Gaussian.cdf(Gaussian.inverseCdf(p))).isCloseTo(p, within(1e-15 + 1e-12 * p));
		}
	}

}
