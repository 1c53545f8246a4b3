package io.initaudit.measure;

import java.util.List;
import java.util.Map;

import io.initaudit.model.Layer;
import io.initaudit.model.ModelDescription;
import io.initaudit.sampling.WeightTensor;
import org.jspecify.annotations.Nullable;

/**
 * Runs a network forward on random input and a loss gradient backward, at initialization. Implemented by the ND4J
 * adapter.
 */
public interface Propagator {

	/** Per-layer signal statistics of one run. */
	record Run(List<LayerSignal> layers, double inputVariance, long millis) {
	}

	/** Why a layer cannot be propagated, or {@code null} when it can. */
	@Nullable String unsupported(Layer layer);

	/**
	 * @param model the network (input.shape set)
	 * @param weights layer name → its parameters' values
	 * @param batchSize samples in the random batch
	 * @param seed seeds the input, the targets and nothing else
	 * @param plan how the run is cut to fit its activation memory (one segment: the whole graph at once)
	 */
	Run run(ModelDescription model, Map<String, List<WeightTensor>> weights, int batchSize, long seed, SegmentPlan plan);

	String device();

}
