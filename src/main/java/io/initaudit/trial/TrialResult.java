package io.initaudit.trial;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What a trial produced: one entry per variant (the running one included, with the losses so far) and the
 * conclusion once all have run.
 */
public record TrialResult(List<VariantResult> variants, @Nullable String conclusion, @Nullable String optimizer, @Nullable String task) {

	/**
	 * @param losses the loss at every step (every k-th step for long runs, see {@code lossEvery})
	 * @param lossEvery the step spacing of {@code losses}
	 * @param converged the mean loss of the last tenth of the steps is at most half the initial loss
	 * @param diverged the loss became non-finite or exceeded 10× its best
	 */
	public record VariantResult(String name, List<Double> losses, int lossEvery, @Nullable Double initialLoss, @Nullable Double finalLoss,
			boolean converged, boolean diverged, @Nullable Double stepsPerSecond, @Nullable Double finalAccuracy, boolean complete) {
	}

}
