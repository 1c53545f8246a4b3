package io.initaudit.core;

/**
 * The fan-in and fan-out of a weight tensor: how many inputs feed one output, and how many outputs one input
 * feeds (receptive field included).
 */
public record Fans(double fanIn, double fanOut) {

	public Fans {
		if (!(fanIn >= 0.0) || !(fanOut >= 0.0)) {
			throw new IllegalArgumentException("Fans must be >= 0. Received: fanIn=" + fanIn + ", fanOut=" + fanOut);
		}
	}

	public static Fans of(double fanIn, double fanOut) {
		return new Fans(fanIn, fanOut);
	}

	/** The denominator a variance-scaling initializer divides by in this mode. */
	public double forMode(FanMode mode) {
		return mode.denominator(this);
	}

	public Fans swapped() {
		return new Fans(this.fanOut, this.fanIn);
	}

}
