package io.initaudit.core;

/**
 * The one variance-scaling formula behind He, Glorot, LeCun and their framework variants:
 * {@code variance = scale / n}, n the fan the mode picks, and the law the {@link Sampling} makes of it.
 *
 * <p>Keras clamps n to at least 1; JAX does not (a zero fan gives an infinite variance). The clamp is a named
 * option, not a hidden default.
 */
public record VarianceScaling(double scale, FanMode mode, Sampling sampling, boolean clampFanToOne) {

	public VarianceScaling {
		if (!(scale > 0.0) || Double.isInfinite(scale)) { // also rejects NaN
			throw new IllegalArgumentException("scale must be a positive number. Received: scale=" + scale);
		}
	}

	public static VarianceScaling of(double scale, FanMode mode, Sampling sampling) {
		return new VarianceScaling(scale, mode, sampling, false);
	}

	/** He et al. 2015 (arXiv:1502.01852) for ReLU: scale 2 over fan_in. */
	public static VarianceScaling he(Sampling sampling) {
		return of(2.0, FanMode.FAN_IN, sampling);
	}

	/** Glorot &amp; Bengio 2010: scale 1 over (fan_in + fan_out)/2. */
	public static VarianceScaling glorot(Sampling sampling) {
		return of(1.0, FanMode.FAN_AVG, sampling);
	}

	/** LeCun et al. 1998: scale 1 over fan_in. */
	public static VarianceScaling lecun(Sampling sampling) {
		return of(1.0, FanMode.FAN_IN, sampling);
	}

	/** Keras' clamp of a fan, {@code max(1.0, n)} (keras/src/initializers/random_initializers.py, VarianceScaling.__call__). */
	public static double kerasClamp(double n) {
		return Math.max(1.0, n);
	}

	/** The fan the mode picks from {@code fans}, clamped where this scheme clamps. */
	public double fan(Fans fans) {
		double n = this.mode.denominator(fans);
		return this.clampFanToOne ? kerasClamp(n) : n;
	}

	public double variance(Fans fans) {
		double n = fan(fans);
		if (!(n > 0.0)) {
			throw new IllegalArgumentException("Cannot scale by a fan of " + n + " (" + this.mode.jsonName() + " of " + fans + ")");
		}
		return this.scale / n;
	}

	/** The std that a correct implementation of this scheme produces: √(scale / n). */
	public double targetStd(Fans fans) {
		return Math.sqrt(variance(fans));
	}

	public Distribution distribution(Fans fans) {
		return this.sampling.distribution(variance(fans));
	}

	/** The gain this scale stands for: √scale (He's √2 for scale 2). */
	public double gain() {
		return Math.sqrt(this.scale);
	}

	public VarianceScaling withScale(double newScale) {
		return new VarianceScaling(newScale, this.mode, this.sampling, this.clampFanToOne);
	}

}
