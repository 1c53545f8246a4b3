package io.initaudit.audit;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Repository of stored audit reports, kept as the JSON document that was answered.
 */
public interface AuditReports {

	/** Stores a report: its history columns and its JSON document in UTF-8. */
	default void save(AuditSummary summary, byte[] reportJson) {
		save(summary, reportJson, 0, tail(reportJson, 0));
	}

	/**
	 * Stores a report whose document is {@code reportJson}: its first {@code headLength} bytes, then {@code tail}, made
	 * by {@link #tail} from a document with the same bytes after its head. A reused audit differs from the report it
	 * copies only in its head ({@code {"id":…,"createdAt":…}}): the rest is prepared for storage (compressed) once.
	 */
	void save(AuditSummary summary, byte[] reportJson, int headLength, StoredTail tail);

	/** The bytes of {@code reportJson} from {@code from} on, in the form this repository stores them. */
	StoredTail tail(byte[] reportJson, int from);

	/** Part of a document, prepared for storage by {@link #tail}; opaque to everyone but the repository. */
	interface StoredTail {
	}

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
