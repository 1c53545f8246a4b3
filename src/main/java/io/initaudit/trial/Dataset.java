package io.initaudit.trial;

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

}
