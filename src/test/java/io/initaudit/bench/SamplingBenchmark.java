package io.initaudit.bench;

import java.util.List;
import java.util.Locale;

import io.initaudit.core.Distribution;
import io.initaudit.nd4j.Nd4jRuntime;
import io.initaudit.nd4j.Nd4jSampler;

/**
 * Sampling throughput of InitAudit's ND4J samplers (run by bench/sampling.sh next to the same laws in numpy).
 * Prints one line per law: values per second, best of 7 runs of 10⁷ values after 3 warm-up runs.
 */
public final class SamplingBenchmark {

	static final int N = 10_000_000;

	private SamplingBenchmark() {
	}

	public static void main(String[] args) {
		Nd4jRuntime.configureDefaults();
		Nd4jSampler sampler = new Nd4jSampler();
		System.out.println("# device: " + sampler.device());
		List<Object[]> laws = List.of(new Object[] { "normal", Distribution.normal(0, 0.02) },
				new Object[] { "uniform", Distribution.symmetricUniform(0.05) },
				new Object[] { "truncated_normal(+-2 sigma)", Distribution.truncatedWithStd(0.0589) },
				new Object[] { "fmod(randn, 2)", Distribution.fmod(2, 0.02) });
		for (Object[] law : laws) {
			Distribution d = (Distribution) law[1];
			long best = Long.MAX_VALUE;
			for (int i = 0; i < 10; i++) {
				long t = System.nanoTime();
				float[] v = sampler.values(d, N, 1, N, 1000 + i);
				long dt = System.nanoTime() - t;
				if (i >= 3 && v.length == N) {
					best = Math.min(best, dt);
				}
			}
			System.out.printf(Locale.ROOT, "nd4j  %-28s %8.1f M values/s  (%.1f ms per 10^7)%n", law[0], N / (best / 1e9) / 1e6, best / 1e6);
		}
	}

}
