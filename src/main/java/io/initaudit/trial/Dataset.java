package io.initaudit.trial;

import java.util.SplittableRandom;

/**
 * A synthetic dataset in memory: {@code n} samples of {@code sampleShape}, with one-hot labels (classification) or
 * targets (regression) of width {@code outputs}.
 */
public record Dataset(float[] x, float[] y, int n, long[] sampleShape, int outputs, boolean classification) {

	public int sampleSize() {
		long s = 1;
		for (long d : this.sampleShape) {
			s *= d;
		}
		return (int) s;
	}

	/**
	 * The order samples are visited in: a Fisher–Yates shuffle by {@code SplittableRandom(seed)}; step s, row b of a
	 * batch takes sample {@code order[(s·batch + b) mod n]}. Every engine trains on this order.
	 */
	public int[] order(long seed) {
		int[] p = new int[this.n];
		for (int i = 0; i < this.n; i++) {
			p[i] = i;
		}
		SplittableRandom r = new SplittableRandom(seed);
		for (int i = this.n - 1; i > 0; i--) {
			int j = r.nextInt(i + 1);
			int t = p[i];
			p[i] = p[j];
			p[j] = t;
		}
		return p;
	}

}
