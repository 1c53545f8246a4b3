package io.initaudit.nd4j;

import java.util.Arrays;
import java.util.List;

import io.initaudit.core.Distribution;
import io.initaudit.core.Family;
import io.initaudit.core.Gaussian;
import io.initaudit.sampling.SampleStats;
import io.initaudit.sampling.Sampler;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.random.impl.GaussianDistribution;
import org.nd4j.linalg.api.ops.random.impl.UniformDistribution;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;
import org.springframework.stereotype.Component;

/**
 * InitAudit's own samplers on ND4J's seeded generators: every family of the catalogue as a real sampler.
 * Truncated normals are true truncations (rejection where the interval holds at least half the mass, inverse CDF
 * elsewhere), not ND4J's {@code TruncatedNormalDistribution}, which re-draws once and then writes the mean
 * (nd4j-notes.md, bug 4); that law is sampled on purpose only for DL4J's {@code WeightInitVarScaling*}.
 */
@Component
public class Nd4jSampler implements Sampler {

	/** Largest side of an orthogonal matrix sampled by Gram–Schmidt (cost rows·cols²). */
	static final int MAX_ORTHOGONAL_SIDE = 1024;

	@Override
	public String device() {
		return Nd4jRuntime.device();
	}

	@Override
	public SampleStats sample(Distribution law, List<Long> shape, long orthogonalRows, long orthogonalCols, int cap, long seed) {
		long elements = 1;
		for (long d : shape) {
			elements *= d;
		}
		int n = (int) Math.min(elements, cap);
		float[] values = draw(law, n, orthogonalRows, orthogonalCols, cap, seed);
		return SampleStats.of(values, values.length);
	}

	@Override
	public float[] values(Distribution law, long elements, long orthogonalRows, long orthogonalCols, long seed) {
		if (elements > Integer.MAX_VALUE - 8) {
			throw new TooLargeToSampleException("a tensor of " + elements + " values");
		}
		if (law.family() == Family.ORTHOGONAL
				&& (orthogonalRows * orthogonalCols > 4_000_000 || Math.min(orthogonalRows, orthogonalCols) > MAX_ORTHOGONAL_SIDE)) {
			return draw(Distribution.normal(0, law.std()), (int) elements, orthogonalRows, orthogonalCols, (int) elements, seed);
		}
		return draw(law, (int) elements, orthogonalRows, orthogonalCols, (int) Math.max(elements, orthogonalRows * orthogonalCols), seed);
	}

	private float[] draw(Distribution law, int n, long orthogonalRows, long orthogonalCols, int cap, long seed) {
		Nd4jRuntime.device();
		Random rng = Nd4j.getRandomFactory().getNewRandomInstance(seed);
		return switch (law.family()) {
			case NORMAL -> normal(rng, n, law.mean(), law.std());
			case UNIFORM -> uniform(rng, n, law.lower(), law.upper());
			case TRUNCATED_NORMAL -> truncated(rng, n, law);
			case TRUNCATED_NORMAL_REDRAW_ONCE -> redrawOnce(rng, n, law);
			case FMOD_NORMAL -> folded(rng, n, law, false);
			case REMAINDER_NORMAL -> folded(rng, n, law, true);
			case ORTHOGONAL -> orthogonal(rng, orthogonalRows, orthogonalCols, law, cap);
			case CONSTANT -> constant(n, law.mean());
			case FORGET_GATE_CONSTANT -> forgetGate(n, law);
		};
	}

	private static float[] standardNormal(Random rng, int n) {
		INDArray z = Nd4j.getExecutioner().exec(new GaussianDistribution(Nd4j.createUninitialized(DataType.FLOAT, n), 0.0, 1.0), rng);
		return z.toFloatVector();
	}

	private static float[] normal(Random rng, int n, double mean, double std) {
		INDArray z = Nd4j.getExecutioner().exec(new GaussianDistribution(Nd4j.createUninitialized(DataType.FLOAT, n), mean, std), rng);
		return z.toFloatVector();
	}

	private static float[] uniform(Random rng, int n, Double lower, Double upper) {
		INDArray u = Nd4j.getExecutioner().exec(new UniformDistribution(Nd4j.createUninitialized(DataType.FLOAT, n), lower, upper), rng);
		return u.toFloatVector();
	}

	/** N(μ, σ²) restricted to [lower, upper]. */
	private static float[] truncated(Random rng, int n, Distribution law) {
		double mu = law.paramStd() == null ? law.mean() : parentMean(law);
		double sigma = law.paramStd() == null ? law.std() : law.paramStd();
		double a = (law.lower() - mu) / sigma;
		double b = (law.upper() - mu) / sigma;
		float[] out = new float[n];
		if (Gaussian.mass(a, b) >= 0.5) {
			int filled = 0;
			while (filled < n) {
				float[] z = standardNormal(rng, (int) Math.min(Integer.MAX_VALUE - 8, (long) ((n - filled) * 1.1) + 64));
				for (int i = 0; i < z.length && filled < n; i++) {
					if (z[i] >= a && z[i] <= b) {
						out[filled++] = (float) (mu + sigma * z[i]);
					}
				}
			}
			return out;
		}
		float[] u = uniform(rng, n, 0.0, 1.0);
		double pa = Gaussian.cdf(a);
		double pb = Gaussian.cdf(b);
		for (int i = 0; i < n; i++) {
			double p = pa + u[i] * (pb - pa);
			double z = Math.min(b, Math.max(a, Gaussian.inverseCdf(Math.min(1 - 1e-16, Math.max(1e-300, p)))));
			out[i] = (float) (mu + sigma * z);
		}
		return out;
	}

	/**
	 * The parent normal's mean μ: the law stores the truncated mean m, so solve μ + σ·E[Z | a ≤ Z ≤ b] = m by
	 * bisection (the left side increases with μ).
	 */
	static double parentMean(Distribution law) {
		double sigma = law.paramStd();
		double lo = law.lower() - 40 * sigma;
		double hi = law.upper() + 40 * sigma;
		for (int i = 0; i < 200 && hi - lo > 1e-15 * Math.max(1, Math.abs(hi)); i++) {
			double mid = 0.5 * (lo + hi);
			double a = (law.lower() - mid) / sigma;
			double b = (law.upper() - mid) / sigma;
			double m = Gaussian.mass(a, b) > 0 ? mid + sigma * Gaussian.truncatedMean(a, b) : (a > 0 ? law.lower() : law.upper());
			if (m < law.mean()) {
				lo = mid;
			}
			else {
				hi = mid;
			}
		}
		return 0.5 * (lo + hi);
	}

	/** ND4J's law: a draw beyond ±2σ is re-drawn once; still beyond, it becomes the mean. */
	private static float[] redrawOnce(Random rng, int n, Distribution law) {
		double sigma = law.paramStd();
		double mean = parentMean(law);
		float[] first = standardNormal(rng, n);
		float[] second = standardNormal(rng, n);
		float[] out = new float[n];
		for (int i = 0; i < n; i++) {
			double z = Math.abs(first[i]) <= Distribution.TWO_SIGMA ? first[i] : (Math.abs(second[i]) <= Distribution.TWO_SIGMA ? second[i] : 0.0);
			out[i] = (float) (mean + sigma * z);
		}
		return out;
	}

	/** fmod (truncating toward zero) or remainder (floor) of a standard normal, times the scale. */
	private static float[] folded(Random rng, int n, Distribution law, boolean remainder) {
		double m = law.modulus();
		double scale = law.paramStd();
		float[] z = standardNormal(rng, n);
		for (int i = 0; i < n; i++) {
			double v = remainder ? z[i] - m * Math.floor(z[i] / m) : z[i] % m;
			z[i] = (float) (scale * v);
		}
		return z;
	}

	/** A semi-orthogonal rows×cols matrix by modified Gram–Schmidt on a normal matrix, times the gain. */
	private static float[] orthogonal(Random rng, long rows, long cols, Distribution law, int cap) {
		long big = Math.max(rows, cols);
		long small = Math.min(rows, cols);
		if (rows * cols > cap || small > MAX_ORTHOGONAL_SIDE) {
			throw new TooLargeToSampleException("an orthogonal " + rows + "×" + cols + " matrix is larger than the sampling cap (" + cap
					+ " values, sides up to " + MAX_ORTHOGONAL_SIDE + ")");
		}
		double gain = law.std() * Math.sqrt((double) big);
		float[] g = standardNormal(rng, (int) (big * small));
		double[][] q = new double[(int) small][(int) big];
		for (int c = 0; c < small; c++) {
			for (int r = 0; r < big; r++) {
				q[c][r] = g[(int) (c * big + r)];
			}
			for (int k = 0; k < c; k++) {
				double dot = 0;
				for (int r = 0; r < big; r++) {
					dot += q[c][r] * q[k][r];
				}
				for (int r = 0; r < big; r++) {
					q[c][r] -= dot * q[k][r];
				}
			}
			double norm = 0;
			for (int r = 0; r < big; r++) {
				norm += q[c][r] * q[c][r];
			}
			norm = Math.sqrt(norm);
			for (int r = 0; r < big; r++) {
				q[c][r] /= norm;
			}
		}
		float[] out = new float[(int) (big * small)];
		int i = 0;
		for (int c = 0; c < small; c++) {
			for (int r = 0; r < big; r++) {
				out[i++] = (float) (gain * q[c][r]);
			}
		}
		return out;
	}

	/** The gate blocks of a bias of n values (a sample capped below the tensor's length is its first n values). */
	private static float[] forgetGate(int n, Distribution law) {
		float[] v = new float[n];
		for (int i = 0; i < n; i++) {
			v[i] = (float) law.forgetGateValue(i, n);
		}
		return v;
	}

	private static float[] constant(int n, double value) {
		float[] v = new float[n];
		Arrays.fill(v, (float) value);
		return v;
	}

}
