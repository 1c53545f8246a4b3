package io.initaudit.core;

/**
 * How a variance-scaling initializer turns a target variance v into a law. Each constant is one framework's
 * code path; see {@link VarianceScaling}.
 */
public enum Sampling {

	/** N(0, v): torch {@code kaiming_normal_}, JAX {@code 'normal'}, Keras {@code 'untruncated_normal'}. */
	NORMAL,

	/** Truncated at ±2σ with σ = √v / 0.8796, so the samples have variance v: Keras 3, tf.keras 2, JAX, timm. */
	TRUNCATED_NORMAL,

	/** Truncated at ±2σ with σ = √v, no correction: Keras 2.0–2.1 and TF1 {@code variance_scaling_initializer('normal')}. */
	TRUNCATED_NORMAL_UNCORRECTED,

	/** {@code tf.contrib.layers.variance_scaling_initializer}: truncated at ±2σ with σ = √(1.3·v). */
	TRUNCATED_NORMAL_TF_CONTRIB,

	/** ND4J {@code TruncatedNormalDistribution(0, √v)}: uncorrected, re-drawn once (DL4J {@code WeightInitVarScaling*}). */
	TRUNCATED_NORMAL_REDRAW_ONCE,

	/** U(±√(3v)). */
	UNIFORM,

	/** DL4J's {@code LECUN_UNIFORM} / {@code VAR_SCALING_UNIFORM_*}: U(±3·√v), i.e. 3/√fan instead of √(3/fan). */
	UNIFORM_BOUND_3_OVER_SQRT;

	/** tf.contrib's approximation of 1/0.8796² = 1.2925. */
	static final double TF_CONTRIB_CORRECTION = 1.3;

	public Distribution distribution(double variance) {
		double s = Math.sqrt(variance);
		return switch (this) {
			case NORMAL -> Distribution.normal(0.0, s);
			case TRUNCATED_NORMAL -> Distribution.truncatedWithStd(s);
			case TRUNCATED_NORMAL_UNCORRECTED -> Distribution.truncatedAtTwoSigma(s);
			case TRUNCATED_NORMAL_TF_CONTRIB -> Distribution.truncatedAtTwoSigma(Math.sqrt(TF_CONTRIB_CORRECTION * variance));
			case TRUNCATED_NORMAL_REDRAW_ONCE -> Distribution.truncatedRedrawOnce(s);
			case UNIFORM -> Distribution.symmetricUniform(Math.sqrt(3.0) * s);
			case UNIFORM_BOUND_3_OVER_SQRT -> Distribution.symmetricUniform(3.0 * s);
		};
	}

	/** The law this sampling family should use once its bug is fixed (same family, right scale). */
	public Sampling corrected() {
		return switch (this) {
			case TRUNCATED_NORMAL_UNCORRECTED, TRUNCATED_NORMAL_TF_CONTRIB, TRUNCATED_NORMAL_REDRAW_ONCE -> TRUNCATED_NORMAL;
			case UNIFORM_BOUND_3_OVER_SQRT -> UNIFORM;
			default -> this;
		};
	}

}
