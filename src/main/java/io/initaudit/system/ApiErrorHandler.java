package io.initaudit.system;

import java.net.URI;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.List;
import java.util.Map;

import io.initaudit.model.InvalidModelException;
import io.initaudit.model.Violation;
import io.initaudit.sampling.MeasurementBusyException;
import io.initaudit.sampling.NetworkLimitException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns failures into RFC 9457 problem details: invalid input → 400 with a JSON Pointer, too large → 413,
 * missing → 404, anything unexpected → 500 without internals.
 */
@RestControllerAdvice
class ApiErrorHandler extends ResponseEntityExceptionHandler {

	private static final Logger LOG = LoggerFactory.getLogger(ApiErrorHandler.class);

	private volatile long lastDatabaseLog;

	@ExceptionHandler
	ResponseEntity<ProblemDetail> invalidModel(InvalidModelException ex) {
		ProblemDetail pd = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
		pd.setTitle("Invalid request body");
		pd.setType(URI.create("https://initaudit.io/problems/invalid-request"));
		List<Violation> v = ex.violations();
		if (!v.isEmpty()) {
			pd.setProperty("pointer", v.get(0).pointer());
			if (v.get(0).layer() != null) {
				pd.setProperty("layer", v.get(0).layer());
			}
		}
		pd.setProperty("errors", v.stream().map(x -> x.layer() == null ? Map.of("pointer", x.pointer(), "detail", x.detail())
				: Map.of("pointer", x.pointer(), "detail", x.detail(), "layer", x.layer())).toList());
		return ResponseEntity.badRequest().body(pd);
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> notFound(NotFoundException ex) {
		ProblemDetail pd = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, ex.getMessage());
		pd.setTitle("Not found");
		return ResponseEntity.status(HttpStatus.NOT_FOUND).body(pd);
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> tooLarge(BodyTooLargeException ex) {
		ProblemDetail pd = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, ex.getMessage());
		pd.setTitle("Request body too large");
		return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(pd);
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> badArgument(BadRequestException ex) {
		ProblemDetail pd = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
		pd.setTitle("Bad request");
		if (ex.pointer() != null) {
			pd.setProperty("pointer", ex.pointer());
		}
		return ResponseEntity.badRequest().body(pd);
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> bodyTimeout(BodyTimeoutException ex) {
		return answer(HttpStatus.REQUEST_TIMEOUT, "Request body too slow", ex.getMessage(), "Connection", "close");
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> notJson(UnsupportedBodyTypeException ex) {
		return answer(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type", ex.getMessage(), "Accept-Post", "application/json");
	}

	/**
	 * The database cannot be reached (down, restarting, connections cut, pool exhausted past its short timeout; a
	 * commit or rollback that failed, as on a connection cut mid-request): 503
	 * with Retry-After, never a hang or a 500. The pool reconnects by itself when it is back.
	 */
	@ExceptionHandler({ DataAccessResourceFailureException.class, TransientDataAccessException.class, RecoverableDataAccessException.class,
			CannotCreateTransactionException.class, TransactionSystemException.class })
	ResponseEntity<ProblemDetail> databaseUnavailable(Exception ex) {
		long now = System.currentTimeMillis();
		if (now - this.lastDatabaseLog > 10_000) {
			this.lastDatabaseLog = now;
			LOG.warn("Database unavailable: {}", ex.getMessage());
		}
		return answer(HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable", "The database is unavailable; retry in a few seconds", "Retry-After", "5");
	}

	/**
	 * Whether a failure is the connection's, not the request's: somewhere in its causes an SQL state of class 08
	 * (connection exception), 53 (insufficient resources) or 57 (operator intervention, e.g. a terminated backend), or
	 * a transient or recoverable SQL exception.
	 */
	static boolean isConnectionFailure(Throwable ex) {
		for (Throwable t = ex; t != null; t = t.getCause() == t ? null : t.getCause()) {
			if (t instanceof SQLTransientException || t instanceof SQLRecoverableException) {
				return true;
			}
			if (t instanceof SQLException sql && sql.getSQLState() != null
					&& (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("53") || sql.getSQLState().startsWith("57"))) {
				return true;
			}
		}
		return false;
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> busy(MeasurementBusyException ex) {
		return answer(HttpStatus.SERVICE_UNAVAILABLE, "Busy", ex.getMessage(), "Retry-After", "5");
	}

	/** A problem detail with its title and one response header (Retry-After, Connection, Accept-Post). */
	private static ResponseEntity<ProblemDetail> answer(HttpStatus status, String title, String detail, String header, String value) {
		ProblemDetail pd = ProblemDetail.forStatusAndDetail(status, detail);
		pd.setTitle(title);
		return ResponseEntity.status(status).header(header, value).body(pd);
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> beyondLimits(NetworkLimitException ex) {
		return unprocessable(new UnprocessableException(ex.pointer(), ex.getMessage()));
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> unprocessable(UnprocessableException ex) {
		ProblemDetail pd = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT, ex.getMessage());
		pd.setTitle("Cannot process this model");
		if (ex.pointer() != null) {
			pd.setProperty("pointer", ex.pointer());
		}
		return ResponseEntity.status(HttpStatus.UNPROCESSABLE_CONTENT).body(pd);
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> unexpected(Exception ex) {
		if (isConnectionFailure(ex)) {
			return databaseUnavailable(ex);
		}
		LOG.error("Unexpected failure", ex);
		ProblemDetail pd = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR, "An unexpected error occurred; it has been logged.");
		pd.setTitle("Internal error");
		return ResponseEntity.internalServerError().body(pd);
	}

}
