package io.initaudit.trial;

import java.util.List;

import io.initaudit.core.Decimals;
import io.initaudit.sampling.Variant;

/**
 * A validated trial request (design/api.md §4).
 *
 * @param variants the inits to compare: {@code declared}, {@code corrected}, or custom per-layer inits
 * @param task the synthetic task
 * @param optimizer the optimizer
 * @param steps training steps per variant
 * @param batchSize samples per step
 * @param seed seeds weights and data order (the same for every variant)
 * @param device auto, cpu or gpu
 * @param engine auto, nd4j (the service's own workers) or torch (the PyTorch worker, clients/python/initaudit_worker)
 */
public record TrialSpec(List<Variant> variants, Task task, Optimizer optimizer, int steps, int batchSize, long seed, String device, String engine) {

	/**
	 * @param kind teacher-student, spirals or synthetic-bars
	 * @param classes classes (classification) or outputs (regression)
	 * @param samples samples generated
	 * @param seed the data seed
	 * @param regression teacher-student only: regress the teacher's outputs instead of classifying them
	 */
	public record Task(String kind, int classes, int samples, long seed, boolean regression) {

		/** "teacher-student, 10 classes, 4096 samples": how reports and logs name the task. */
		public String describe() {
			return this.kind + (this.regression ? " regression" : ", " + this.classes + " classes") + ", " + this.samples + " samples";
		}

	}

	/**
	 * @param name sgd, momentum, rmsprop or adam
	 * @param learningRate the learning rate
	 * @param momentum momentum's μ, RMSprop's ρ, Adam's β₁
	 */
	public record Optimizer(String name, double learningRate, double momentum) {

		/** "sgd(lr=0.05)". */
		public String describe() {
			return this.name + "(lr=" + Decimals.format(this.learningRate) + ")";
		}

	}

}
