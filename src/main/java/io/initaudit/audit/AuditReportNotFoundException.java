package io.initaudit.audit;

/**
 * Thrown when no audit report has the requested id.
 */
public class AuditReportNotFoundException extends RuntimeException {

	public AuditReportNotFoundException(String id) {
		super("No audit report with id '" + id + "'");
	}

}
