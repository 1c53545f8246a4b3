package io.initaudit.trial;

import java.util.List;
import java.util.Map;

import io.initaudit.model.Layer;
import io.initaudit.model.ModelDescription;
import io.initaudit.sampling.WeightTensor;
import org.jspecify.annotations.Nullable;

/**
 * Trains a described network from given initial weights on a dataset. Implemented by the ND4J adapter; other
 * engines can implement it too.
 */
public interface Trainer {

	/** Called after every step with its loss; return false to stop (cancellation, time limit). */
	@FunctionalInterface
	interface StepListener {

		boolean onStep(int step, double loss);

	}

	/**
	 * @param losses loss per step until the run stopped
	 * @param stepsPerSecond training speed, excluding graph construction
	 * @param finalAccuracy classification accuracy on the last batches, or null for regression
	 */
	record Run(List<Double> losses, double stepsPerSecond, Double finalAccuracy) {
	}

	Run train(ModelDescription model, Map<String, List<WeightTensor>> weights, Dataset data, TrialSpec.Optimizer optimizer, int steps, int batchSize,
			long seed, StepListener listener);

	/** Why this engine cannot train a layer, or {@code null} when it can. */
	@Nullable String unsupported(Layer layer);

	/** The device the engine runs on ("cpu (…)", "cuda (…)"). */
	String device();

	boolean hasGpu();

}
