package io.initaudit.core;

import org.jspecify.annotations.Nullable;

/**
 * A law that an initializer writes into a weight tensor, with its exact first two moments.
 *
 * @param family the shape of the law
 * @param mean the mean of the values written
 * @param std the standard deviation of the values written (after truncation or folding)
 * @param paramStd the σ handed to the sampler ({@code std}/{@code stddev} argument), {@code null} where the
 * sampler takes none (uniform, constant)
 * @param lower the lowest value the law can write, {@code null} where unbounded
 * @param upper the highest value the law can write, {@code null} where unbounded
 * @param modulus for folded laws the divisor of {@code fmod}/{@code remainder}, in units of the normal's σ
 */
public record Distribution(Family family, double mean, double std, @Nullable Double paramStd, @Nullable Double lower,
		@Nullable Double upper, @Nullable Double modulus) {

	/** Truncation points of the ±2σ samplers of Keras, TensorFlow, JAX and ND4J, in units of σ. */
	public static final double TWO_SIGMA = 2.0;

	/** Beyond this many σ there is nothing left to fold or truncate in double precision: P(|Z| &gt; 38) = 0. */
	private static final double NEGLIGIBLE_TAIL = 38.0;

	/** N(mean, σ²). */
	public static Distribution normal(double mean, double sigma) {
		requireNonNegative("std", sigma);
		return new Distribution(Family.NORMAL, mean, sigma, sigma, null, null, null);
	}

	/** U(lower, upper). */
	public static Distribution uniform(double lower, double upper) {
		if (!(upper >= lower)) {
			throw new IllegalArgumentException("Uniform bounds must satisfy lower <= upper. Received: [" + lower + ", " + upper + "]");
		}
		return new Distribution(Family.UNIFORM, 0.5 * (lower + upper), (upper - lower) / Math.sqrt(12.0), null, lower, upper, null);
	}

	/** U(−bound, bound). */
	public static Distribution symmetricUniform(double bound) {
		return uniform(-bound, bound);
	}

	/** N(mean, σ²) truncated to the absolute interval [lower, upper], as torch's {@code trunc_normal_} does. */
	public static Distribution truncatedNormal(double mean, double sigma, double lower, double upper) {
		requireNonNegative("std", sigma);
		if (sigma == 0.0) {
			return new Distribution(Family.TRUNCATED_NORMAL, mean, 0.0, 0.0, lower, upper, null);
		}
		double alpha = (lower - mean) / sigma;
		double beta = (upper - mean) / sigma;
		if (!(alpha < beta) || Gaussian.mass(alpha, beta) == 0.0) {
			throw new IllegalArgumentException("Truncation interval [" + lower + ", " + upper + "] holds no mass of N(" + mean + ", " + sigma + "^2)");
		}
		double m = mean + sigma * Gaussian.truncatedMean(alpha, beta);
		double s = sigma * Gaussian.truncatedStd(alpha, beta);
		return new Distribution(Family.TRUNCATED_NORMAL, m, s, sigma, lower, upper, null);
	}

	/** N(0, σ²) truncated at ±2σ: the law of Keras/TF/JAX {@code truncated_normal(stddev=σ)}. */
	public static Distribution truncatedAtTwoSigma(double sigma) {
		return truncatedNormal(0.0, sigma, -TWO_SIGMA * sigma, TWO_SIGMA * sigma);
	}

	/** A truncated normal at ±2σ whose samples have standard deviation {@code std}: σ = std / 0.8796. */
	public static Distribution truncatedWithStd(double std) {
		return truncatedAtTwoSigma(std / Gaussian.TRUNCATED_AT_TWO_SIGMA_STD);
	}

	/** ND4J's {@code TruncatedNormalDistribution(0, σ)}: see {@link Family#TRUNCATED_NORMAL_REDRAW_ONCE}. */
	public static Distribution truncatedRedrawOnce(double sigma) {
		requireNonNegative("std", sigma);
		double outside = 1.0 - Gaussian.mass(-TWO_SIGMA, TWO_SIGMA);
		double std = sigma * Gaussian.TRUNCATED_AT_TWO_SIGMA_STD * Math.sqrt(1.0 - outside * outside);
		return new Distribution(Family.TRUNCATED_NORMAL_REDRAW_ONCE, 0.0, std, sigma, -TWO_SIGMA * sigma, TWO_SIGMA * sigma, null);
	}

	/**
	 * {@code fmod(randn, modulus) * scale}. X = Z − m·trunc(Z/m) is symmetric; its second moment is
	 * 2 Σ_{k≥0} ∫_{km}^{(k+1)m} (z − km)² φ(z) dz.
	 */
	public static Distribution fmod(double modulus, double scale) {
		requirePositive("modulus", modulus);
		double second = 0.0;
		for (int k = 0; k * modulus < NEGLIGIBLE_TAIL; k++) {
			second += 2.0 * Gaussian.shiftedMoment(k * modulus, (k + 1) * modulus, k * modulus, 2);
		}
		double s = Math.abs(scale);
		return new Distribution(Family.FMOD_NORMAL, 0.0, s * Math.sqrt(second), s, -modulus * s, modulus * s, modulus);
	}

	/**
	 * {@code remainder(randn, modulus) * scale}. X = Z − m·floor(Z/m) lies in [0, m); its moments are
	 * Σ_k ∫_{km}^{(k+1)m} (z − km)^p φ(z) dz over all integers k.
	 */
	public static Distribution remainder(double modulus, double scale) {
		requirePositive("modulus", modulus);
		int k0 = (int) Math.floor(-NEGLIGIBLE_TAIL / modulus) - 1;
		int k1 = (int) Math.ceil(NEGLIGIBLE_TAIL / modulus) + 1;
		double first = 0.0;
		double second = 0.0;
		for (int k = k0; k <= k1; k++) {
			first += Gaussian.shiftedMoment(k * modulus, (k + 1) * modulus, k * modulus, 1);
			second += Gaussian.shiftedMoment(k * modulus, (k + 1) * modulus, k * modulus, 2);
		}
		double std = Math.sqrt(Math.max(0.0, second - first * first));
		double lo = Math.min(0.0, modulus * scale);
		double hi = Math.max(0.0, modulus * scale);
		return new Distribution(Family.REMAINDER_NORMAL, first * scale, std * Math.abs(scale), Math.abs(scale), lo, hi, modulus);
	}

	/** A (semi-)orthogonal rows × cols matrix times gain: entry variance gain²/max(rows, cols). */
	public static Distribution orthogonal(double gain, long rows, long cols) {
		double std = Math.abs(gain) / Math.sqrt((double) Math.max(rows, cols));
		return new Distribution(Family.ORTHOGONAL, 0.0, std, null, -Math.abs(gain), Math.abs(gain), null);
	}

	public static Distribution constant(double value) {
		return new Distribution(Family.CONSTANT, value, 0.0, null, value, value, null);
	}

	/** This law multiplied by {@code factor} (a tensor op such as {@code normal_(w) * 0.02}). */
	public Distribution scaled(double factor) {
		double f = Math.abs(factor);
		Double lo = this.lower == null ? null : Math.min(this.lower * factor, this.upper * factor);
		Double hi = this.upper == null ? null : Math.max(this.lower * factor, this.upper * factor);
		return new Distribution(this.family, this.mean * factor, this.std * f, this.paramStd == null ? null : this.paramStd * f, lo,
				hi, this.modulus);
	}

	/** Whether the values are centred: |mean| is below 1% of the std (or exactly 0 for constant laws). */
	public boolean isCentred() {
		return Math.abs(this.mean) <= 0.01 * this.std || this.mean == 0.0;
	}

	private static void requireNonNegative(String name, double value) {
		if (!(value >= 0.0) || Double.isInfinite(value)) {
			throw new IllegalArgumentException(name + " must be a finite number >= 0. Received: " + name + "=" + value);
		}
	}

	private static void requirePositive(String name, double value) {
		if (!(value > 0.0) || Double.isInfinite(value)) {
			throw new IllegalArgumentException(name + " must be a finite number > 0. Received: " + name + "=" + value);
		}
	}

}
