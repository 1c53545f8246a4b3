package io.initaudit.model;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Statistics of weights the user actually initialized in their framework (e.g. from the PyTorch exporter).
 *
 * @param kurtosis the excess kurtosis m₄/m₂² − 3 of the values, when measured
 * @param recognition which init wrote them, when an importer recognised it from these statistics
 */
public record MeasuredStats(double std, @Nullable Double mean, @Nullable Double min, @Nullable Double max, @Nullable Long count,
		@Nullable Double kurtosis, @Nullable Recognition recognition) {

	public MeasuredStats(double std, @Nullable Double mean, @Nullable Double min, @Nullable Double max, @Nullable Long count) {
		this(std, mean, min, max, count, null, null);
	}

	/**
	 * What an importer made of the statistics.
	 *
	 * @param init the init call audited as declared: the most likely candidate
	 * @param likelihood its posterior probability among the candidates (laws that write the same values share it)
	 * @param sure whether it is likely enough to be taken as what the user wrote; if not, {@code candidates} remain
	 * @param candidates every candidate still in the running, most likely first, with its probability
	 */
	public record Recognition(String init, double likelihood, boolean sure, List<Candidate> candidates) {
	}

	/** A candidate init and its posterior probability. */
	public record Candidate(String init, double likelihood) {
	}

}
