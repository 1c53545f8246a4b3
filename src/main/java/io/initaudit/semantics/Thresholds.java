package io.initaudit.semantics;

/**
 * The documented thresholds that turn numbers into severities (settable under {@code initaudit.audit.*}).
 *
 * @param errorDeviation a std off by more than this fraction of the intended std is an error (0.2)
 * @param warningDeviation a std off by more than this is a warning (0.01); below it the finding is info
 * @param learningRateImbalance ratio of largest to smallest weight std across layers that raises
 * {@code RELATIVE_LR_IMBALANCE} (6)
 * @param measuredTolerance relative deviation of a user-measured std from the expected one that raises
 * {@code MEASURED_STD_MISMATCH}, on top of sampling error (0.05)
 */
public record Thresholds(double errorDeviation, double warningDeviation, double learningRateImbalance, double measuredTolerance) {

	public static final Thresholds DEFAULT = new Thresholds(0.2, 0.01, 6.0, 0.05);

	public Thresholds {
		if (!(errorDeviation > warningDeviation && warningDeviation >= 0)) {
			throw new IllegalArgumentException("Thresholds need errorDeviation > warningDeviation >= 0. Received: " + errorDeviation + ", "
					+ warningDeviation);
		}
	}

	/** Severity of a std ratio (declared/intended) by its deviation |ratio − 1|. */
	public Severity ofRatio(double ratio) {
		if (!(ratio > 0) || Double.isInfinite(ratio)) {
			return Severity.ERROR;
		}
		double dev = Math.abs(ratio - 1.0);
		if (dev > this.errorDeviation) {
			return Severity.ERROR;
		}
		return dev > this.warningDeviation ? Severity.WARNING : Severity.INFO;
	}

}
