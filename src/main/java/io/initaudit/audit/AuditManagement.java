package io.initaudit.audit;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import io.initaudit.model.ModelDescription;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Runs audits and keeps their reports.
 */
@Service
public class AuditManagement {

	private final AuditReports reports;

	private final Auditor auditor;

	private final Clock clock;

	AuditManagement(AuditReports reports, AuditSettings settings) {
		this.reports = reports;
		this.auditor = new Auditor(settings.thresholds());
		this.clock = Clock.systemUTC();
	}

	/** Audits the model and stores the report before returning it. */
	@Transactional
	public AuditReport audit(ModelDescription model) {
		Instant now = Instant.now(this.clock).truncatedTo(ChronoUnit.MILLIS);
		AuditReport report = this.auditor.audit(model, UUID.randomUUID().toString(), now);
		this.reports.save(report, AuditSummary.of(report));
		return report;
	}

	@Transactional(readOnly = true)
	public AuditReport find(String id) {
		return this.reports.findById(id).orElseThrow(() -> new AuditReportNotFoundException(id));
	}

	@Transactional(readOnly = true)
	public List<AuditSummary> list(int page, int size) {
		return this.reports.findPage(page, size);
	}

	@Transactional(readOnly = true)
	public long count() {
		return this.reports.count();
	}

}
