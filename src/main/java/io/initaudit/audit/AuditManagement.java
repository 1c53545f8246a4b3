package io.initaudit.audit;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import io.initaudit.model.ModelDescription;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs audits and keeps their reports. A report is serialized once: the stored document is the answer.
 */
@Service
public class AuditManagement {

	private final AuditReports reports;

	private final Auditor auditor;

	private final JsonMapper json;

	private final Clock clock;

	AuditManagement(AuditReports reports, AuditSettings settings, JsonMapper json) {
		this.reports = reports;
		this.auditor = new Auditor(settings.thresholds());
		this.json = json;
		this.clock = Clock.systemUTC();
	}

	/** A report and the JSON document it is stored (and answered) as. */
	public record StoredReport(AuditReport report, String json) {
	}

	/** Audits the model and stores the report before returning it. */
	@Transactional
	public StoredReport audit(ModelDescription model) {
		Instant now = Instant.now(this.clock).truncatedTo(ChronoUnit.MILLIS);
		AuditReport report = this.auditor.audit(model, UUID.randomUUID().toString(), now);
		String document = this.json.writeValueAsString(report);
		this.reports.save(AuditSummary.of(report), document);
		return new StoredReport(report, document);
	}

	/** The stored JSON document of a report. */
	@Transactional(readOnly = true)
	public String findJson(String id) {
		return this.reports.findJsonById(id).orElseThrow(() -> new AuditReportNotFoundException(id));
	}

	@Transactional(readOnly = true)
	public AuditReport find(String id) {
		return this.json.readValue(findJson(id), AuditReport.class);
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
