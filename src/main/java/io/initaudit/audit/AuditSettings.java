package io.initaudit.audit;

import java.time.Duration;

import io.initaudit.semantics.Thresholds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Audit thresholds and report retention ({@code initaudit.audit.*}; the retention runs every
 * {@code initaudit.audit.retention-sweep-millis}, 10 minutes by default); see {@link Thresholds} for what each means.
 *
 * @param errorDeviation |std ratio − 1| above which a finding is an error
 * @param warningDeviation |std ratio − 1| above which a finding is a warning
 * @param learningRateImbalance largest/smallest weight std that raises RELATIVE_LR_IMBALANCE
 * @param measuredTolerance relative deviation of a measured std, on top of sampling error, that raises
 * MEASURED_STD_MISMATCH
 * @param retentionMaxAge stored reports older than this are deleted
 * @param retentionMaxCount at most this many reports are kept (the newest)
 * @param reuseCapacity audits of identical bodies whose findings are reused instead of computed again (0: always audit)
 */
@ConfigurationProperties("initaudit.audit")
public record AuditSettings(@DefaultValue("0.2") double errorDeviation, @DefaultValue("0.01") double warningDeviation,
		@DefaultValue("6.0") double learningRateImbalance, @DefaultValue("0.05") double measuredTolerance,
		@DefaultValue("30d") Duration retentionMaxAge, @DefaultValue("100000") long retentionMaxCount,
		@DefaultValue("256") int reuseCapacity) {

	public Thresholds thresholds() {
		return new Thresholds(this.errorDeviation, this.warningDeviation, this.learningRateImbalance, this.measuredTolerance);
	}

}
