package io.initaudit.core;

/**
 * The shape of the law an initializer writes, as named in reports ({@code declared.family}).
 */
public enum Family {

	/** N(mean, σ²), untruncated. */
	NORMAL("normal"),

	/** U(lower, upper). */
	UNIFORM("uniform"),

	/** N(mean, σ²) restricted to [lower, upper] (rejection, re-draw or inverse CDF: the same law). */
	TRUNCATED_NORMAL("truncated_normal"),

	/**
	 * ND4J/DL4J's {@code TruncatedNormalDistribution}: a value beyond ±2σ is re-drawn once and, if still out of
	 * range, set to the mean. The law is (1 − p²)·TN(±2σ) + p²·δ(mean), p = P(|Z| &gt; 2).
	 */
	TRUNCATED_NORMAL_REDRAW_ONCE("truncated_normal"),

	/** {@code fmod(randn, m) * scale}: the tails folded back towards zero, in (−m·scale, m·scale). */
	FMOD_NORMAL("fmod_normal"),

	/** {@code remainder(randn, m) * scale}: wrapped into [0, m·scale), not centred. */
	REMAINDER_NORMAL("remainder_normal"),

	/** A (semi-)orthogonal matrix times a gain; entries have variance gain² / max(rows, cols). */
	ORTHOGONAL("orthogonal"),

	/** Every entry equal. */
	CONSTANT("constant"),

	/**
	 * Two constants by block: the tensor is {@code modulus} equal blocks along its length, the second holds
	 * {@code upper} and the others {@code lower} (an LSTM bias with its forget gate at 1: Keras' {@code unit_forget_bias},
	 * DL4J's {@code forgetGateBiasInit}).
	 */
	FORGET_GATE_CONSTANT("piecewise_constant");

	private final String jsonName;

	Family(String jsonName) {
		this.jsonName = jsonName;
	}

	public String jsonName() {
		return this.jsonName;
	}

}
