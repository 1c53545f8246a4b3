package io.initaudit.measure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.initaudit.semantics.Finding;

/**
 * The signal propagation of a network at initialization with its declared and its corrected init (design/api.md §3).
 *
 * @param layers per layer, in network order
 * @param findings ACTIVATION_VARIANCE_EXPLODES / VANISHES, per variant
 * @param batchSize samples in the batch
 * @param seed the seed of input, targets and weights
 * @param device where it ran
 * @param millis wall time of both runs
 * @param notes approximations made
 */
public record PropagationResult(List<LayerResult> layers, List<Finding> findings, int batchSize, long seed, String device, long millis,
		List<String> notes) {

	/** One layer's signal under both inits. */
	public record LayerResult(String name, String type, Signal declared, Signal corrected) {
	}

	public record Signal(double activationMean, double activationVariance, double channelVariance, double gradientNorm) {

		static Signal of(LayerSignal s) {
			return new Signal(s.activationMean(), s.activationVariance(), s.channelVariance(), s.gradientNorm());
		}

	}

	static Map<String, Object> evidence(Object... kv) {
		Map<String, Object> m = new LinkedHashMap<>();
		for (int i = 0; i + 1 < kv.length; i += 2) {
			m.put((String) kv[i], kv[i + 1]);
		}
		return m;
	}

}
