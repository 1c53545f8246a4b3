package io.initaudit.core;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

class VarianceScalingTests {

	@Test
	void heNormalWritesStdSqrtTwoOverFanInAfterTruncation() {
		Fans fans = Fans.of(576, 1152);
		Distribution d = VarianceScaling.he(Sampling.TRUNCATED_NORMAL).distribution(fans);
		assertThat(d.std()).isCloseTo(Math.sqrt(2.0 / 576), within(1e-15));
		// σ handed to the sampler is √v / 0.8796 (Keras, JAX).
		assertThat(d.paramStd()).isCloseTo(Math.sqrt(2.0 / 576) / 0.87962566103423978, within(1e-15));
		assertThat(d.upper()).isCloseTo(2 * d.paramStd(), within(1e-15));
	}

	@Test
	void glorotUniformBoundIsSqrtSixOverFanSum() {
		Distribution d = VarianceScaling.glorot(Sampling.UNIFORM).distribution(Fans.of(512, 256));
		assertThat(d.upper()).isCloseTo(Math.sqrt(6.0 / 768), within(1e-15));
	}

	@Test
	void uncorrectedAndDl4jLawsFallShortOfTheTarget() {
		Fans fans = Fans.of(256, 128);
		assertThat(VarianceScaling.lecun(Sampling.TRUNCATED_NORMAL_UNCORRECTED).distribution(fans).std()).isCloseTo(0.8796256610342398 / 16,
				within(1e-15));
		// DL4J LECUN_UNIFORM: U(±3/√fan) has std √3/√fan.
		assertThat(VarianceScaling.lecun(Sampling.UNIFORM_BOUND_3_OVER_SQRT).distribution(fans).std()).isCloseTo(Math.sqrt(3) / 16, within(1e-15));
	}

	@Test
	void kerasClampsTheFanToOneAndJaxDoesNot() {
		Fans zero = Fans.of(0, 0);
		assertThat(new VarianceScaling(1, FanMode.FAN_IN, Sampling.NORMAL, true).variance(zero)).isEqualTo(1.0);
		assertThatIllegalArgumentException().isThrownBy(() -> VarianceScaling.of(1, FanMode.FAN_IN, Sampling.NORMAL).variance(zero))
			.withMessageContaining("fan of 0");
	}

	@Test
	void rejectsNonPositiveScale() {
		assertThatIllegalArgumentException().isThrownBy(() -> VarianceScaling.of(0, FanMode.FAN_IN, Sampling.NORMAL))
			.withMessage("scale must be a positive number. Received: scale=0.0");
	}

	@Test
	void fanModesPickTheirDenominator() {
		Fans f = Fans.of(9, 16);
		assertThat(FanMode.FAN_AVG.denominator(f)).isEqualTo(12.5);
		assertThat(FanMode.FAN_GEO_AVG.denominator(f)).isEqualTo(12.0);
		assertThat(FanMode.parse("FAN_OUT")).isEqualTo(FanMode.FAN_OUT);
	}

}
