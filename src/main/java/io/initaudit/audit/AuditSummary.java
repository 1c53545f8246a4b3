package io.initaudit.audit;

import java.time.Instant;

/**
 * One line of the audit history: which model, when, and how it fared.
 */
public record AuditSummary(String id, Instant createdAt, String modelName, String framework, String verdict, int errors, int warnings, int infos) {

	static AuditSummary of(AuditReport r) {
		return new AuditSummary(r.id(), r.createdAt(), r.model().name(), r.model().framework(), r.verdict(), r.summary().errors(),
				r.summary().warnings(), r.summary().infos());
	}

}
