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

	/**
	 * An LSTM bias of {@code blocks} equal gate blocks, the second (the forget gate in Keras', TensorFlow's and DL4J's
	 * i, f, c, o order) at {@code forget} (its {@code upper}) and the others at {@code rest} (its {@code lower}): mean
	 * (rest·(k−1) + forget)/k, std (forget − rest)·√(p(1−p)) with p = 1/k.
	 */
	public static Distribution forgetGate(int blocks, double rest, double forget) {
		if (blocks < 2 || !(forget >= rest)) {
			throw new IllegalArgumentException("a forget gate needs at least 2 gate blocks and a forget bias at least the others', got " + blocks
					+ " blocks, " + forget + " vs " + rest);
		}
		double p = 1.0 / blocks;
		return new Distribution(Family.FORGET_GATE_CONSTANT, rest + p * (forget - rest), (forget - rest) * Math.sqrt(p * (1 - p)), null,
				Math.min(rest, forget), Math.max(rest, forget), (double) blocks);
	}

	/** The value of entry {@code i} of {@code n} under a {@link Family#FORGET_GATE_CONSTANT} law. */
	public double forgetGateValue(long i, long n) {
		long block = n / Math.round(this.modulus);
		return i >= block && i < 2 * block ? this.upper : this.lower;
	}

	/** This law multiplied by {@code factor} (a tensor op such as {@code normal_(w) * 0.02}). */
	public Distribution scaled(double factor) {
		double f = Math.abs(factor);
		Double lo = this.lower == null ? null : Math.min(this.lower * factor, this.upper * factor);
		Double hi = this.upper == null ? null : Math.max(this.lower * factor, this.upper * factor);
		return new Distribution(this.family, this.mean * factor, this.std * f, this.paramStd == null ? null : this.paramStd * f, lo,
				hi, this.modulus);
	}

	/**
	 * The excess kurtosis m₄/m₂² − 3 of the values written: 0 for a normal, −1.2 for a uniform, −6/(n + 2) for the
	 * entries of a Haar-random (semi-)orthogonal matrix whose longer side is n (one coordinate of a point uniform on
	 * the sphere S^(n−1)); for truncated and folded laws from their partial moments. NaN for a constant.
	 */
	public double excessKurtosis() {
		if (this.family == Family.CONSTANT || this.std == 0.0) {
			return Double.NaN;
		}
		return switch (this.family) {
			case NORMAL -> 0.0;
			case UNIFORM -> -1.2;
			case ORTHOGONAL -> -6.0 / (Math.rint(this.upper * this.upper / (this.std * this.std)) + 2.0);
			case TRUNCATED_NORMAL -> truncatedKurtosis();
			case TRUNCATED_NORMAL_REDRAW_ONCE -> {
				// (1 − q)·TN(±2σ) + q·δ(0), q = p²: m₂ and m₄ both scale by (1 − q), so the ratio grows by 1/(1 − q).
				double p = 1.0 - Gaussian.mass(-TWO_SIGMA, TWO_SIGMA);
				yield centralMomentRatio(-TWO_SIGMA, TWO_SIGMA) / (1.0 - p * p) - 3.0;
			}
			case FMOD_NORMAL -> {
				double second = 0.0;
				double fourth = 0.0;
				for (int k = 0; k * this.modulus < NEGLIGIBLE_TAIL; k++) {
					second += 2.0 * Gaussian.shiftedMoment(k * this.modulus, (k + 1) * this.modulus, k * this.modulus, 2);
					fourth += 2.0 * Gaussian.shiftedMoment(k * this.modulus, (k + 1) * this.modulus, k * this.modulus, 4);
				}
				yield fourth / (second * second) - 3.0;
			}
			case REMAINDER_NORMAL -> {
				double m = this.modulus;
				double[] r = new double[5];
				for (int k = (int) Math.floor(-NEGLIGIBLE_TAIL / m) - 1; k <= (int) Math.ceil(NEGLIGIBLE_TAIL / m) + 1; k++) {
					for (int p = 1; p <= 4; p++) {
						r[p] += Gaussian.shiftedMoment(k * m, (k + 1) * m, k * m, p);
					}
				}
				double m2 = r[2] - r[1] * r[1];
				double m4 = r[4] - 4 * r[1] * r[3] + 6 * r[1] * r[1] * r[2] - 3 * Math.pow(r[1], 4);
				yield m4 / (m2 * m2) - 3.0;
			}
			case CONSTANT -> Double.NaN;
			case FORGET_GATE_CONSTANT -> {
				// A two-point law with P(forget) = p: (1 − 6p(1 − p)) / (p(1 − p)).
				double p = 1.0 / this.modulus;
				yield (1 - 6 * p * (1 - p)) / (p * (1 - p));
			}
		};
	}

	/** A truncated normal's kurtosis: its location μ is found from the mean (monotone in μ), then the moments on [α, β]. */
	private double truncatedKurtosis() {
		double sigma = this.paramStd;
		double lo = this.lower - NEGLIGIBLE_TAIL * sigma;
		double hi = this.upper + NEGLIGIBLE_TAIL * sigma;
		for (int i = 0; i < 200 && hi - lo > 1e-15 * Math.max(1.0, Math.abs(hi)); i++) {
			double mu = 0.5 * (lo + hi);
			double mean = mu + sigma * Gaussian.truncatedMean((this.lower - mu) / sigma, (this.upper - mu) / sigma);
			if (mean < this.mean) {
				lo = mu;
			}
			else {
				hi = mu;
			}
		}
		double mu = 0.5 * (lo + hi);
		return centralMomentRatio((this.lower - mu) / sigma, (this.upper - mu) / sigma) - 3.0;
	}

	/** m₄/m₂² of N(0, 1) restricted to [alpha, beta]. */
	private static double centralMomentRatio(double alpha, double beta) {
		double z = Gaussian.mass(alpha, beta);
		double mean = Gaussian.truncatedMean(alpha, beta);
		double m2 = Gaussian.shiftedMoment(alpha, beta, mean, 2) / z;
		double m4 = Gaussian.shiftedMoment(alpha, beta, mean, 4) / z;
		return m4 / (m2 * m2);
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
