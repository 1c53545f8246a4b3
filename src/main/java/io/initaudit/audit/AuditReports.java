package io.initaudit.audit;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Repository of stored audit reports, kept as the JSON document that was answered.
 */
public interface AuditReports {

	/** Stores a report: its history columns and its JSON document in UTF-8. */
	void save(AuditSummary summary, byte[] reportJson);

	Optional<String> findJsonById(String id);

	/** Newest first. */
	List<AuditSummary> findPage(int page, int size);

	long count();

	/**
	 * Deletes the reports created before {@code before}, and beyond the newest {@code keep} of the rest.
	 *
	 * @return how many were deleted
	 */
	int deleteOlderThan(Instant before, long keep);

}
