package io.initaudit.audit;

import java.util.List;
import java.util.Optional;

/**
 * Repository of stored audit reports.
 */
public interface AuditReports {

	void save(AuditReport report, AuditSummary summary);

	Optional<AuditReport> findById(String id);

	/** Newest first. */
	List<AuditSummary> findPage(int page, int size);

	long count();

}
