package io.initaudit.audit;

import io.initaudit.semantics.Thresholds;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Audit thresholds ({@code initaudit.audit.*}); see {@link Thresholds} for what each means.
 *
 * @param errorDeviation |std ratio − 1| above which a finding is an error
 * @param warningDeviation |std ratio − 1| above which a finding is a warning
 * @param learningRateImbalance largest/smallest weight std that raises RELATIVE_LR_IMBALANCE
 * @param measuredTolerance relative deviation of a measured std, on top of sampling error, that raises
 * MEASURED_STD_MISMATCH
 */
@ConfigurationProperties("initaudit.audit")
public record AuditSettings(@DefaultValue("0.2") double errorDeviation, @DefaultValue("0.01") double warningDeviation,
		@DefaultValue("6.0") double learningRateImbalance, @DefaultValue("0.05") double measuredTolerance) {

	public Thresholds thresholds() {
		return new Thresholds(this.errorDeviation, this.warningDeviation, this.learningRateImbalance, this.measuredTolerance);
	}

}
