package io.initaudit.sampling;

import java.util.Arrays;
import java.util.List;

/**
 * Statistics of sampled values (design/api.md §3 {@code Stats}).
 *
 * @param count values sampled
 * @param mean their mean
 * @param std their standard deviation (population)
 * @param min the smallest
 * @param max the largest
 * @param kurtosis excess kurtosis m₄/m₂² − 3 (0 for a normal, −1.2 for a uniform)
 * @param histogram equal-width bins from min to max
 */
public record SampleStats(long count, double mean, double std, double min, double max, double kurtosis, Histogram histogram) {

	/** {@code edges} has one more entry than {@code counts}. */
	public record Histogram(List<Double> edges, List<Long> counts) {
	}

	/** Bins in every histogram. */
	public static final int BINS = 40;

	/** Statistics of {@code n} values, two passes in double precision. */
	public static SampleStats of(float[] values, int n) {
		if (n == 0) {
			return new SampleStats(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, new Histogram(List.of(), List.of()));
		}
		double sum = 0;
		double min = Double.POSITIVE_INFINITY;
		double max = Double.NEGATIVE_INFINITY;
		for (int i = 0; i < n; i++) {
			double v = values[i];
			sum += v;
			min = Math.min(min, v);
			max = Math.max(max, v);
		}
		double mean = sum / n;
		double m2 = 0;
		double m4 = 0;
		for (int i = 0; i < n; i++) {
			double d = values[i] - mean;
			double d2 = d * d;
			m2 += d2;
			m4 += d2 * d2;
		}
		m2 /= n;
		m4 /= n;
		double kurtosis = m2 > 0 ? m4 / (m2 * m2) - 3.0 : 0.0;
		Long[] counts = new Long[BINS];
		Arrays.fill(counts, 0L);
		double width = (max - min) / BINS;
		for (int i = 0; i < n; i++) {
			int b = width > 0 ? (int) ((values[i] - min) / width) : 0;
			counts[Math.min(BINS - 1, Math.max(0, b))]++;
		}
		Double[] edges = new Double[BINS + 1];
		for (int i = 0; i <= BINS; i++) {
			edges[i] = min + i * width;
		}
		return new SampleStats(n, mean, Math.sqrt(m2), min, max, kurtosis, new Histogram(List.of(edges), List.of(counts)));
	}

}
