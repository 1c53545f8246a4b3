package io.initaudit.audit.web;

import java.net.URI;
import java.util.List;
import java.util.Locale;

import io.initaudit.audit.AuditManagement;
import io.initaudit.audit.AuditReport;
import io.initaudit.audit.AuditReportNotFoundException;
import io.initaudit.audit.AuditSummary;
import io.initaudit.model.ModelDescription;
import io.initaudit.model.ModelReader;
import io.initaudit.system.BadRequestException;
import io.initaudit.system.JsonBodies;
import io.initaudit.system.ModelDescriptionSchema;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Audits model descriptions and serves stored reports.
 */
@RestController
@RequestMapping("/api/v1/audits")
@Tag(name = "Audits", description = "Audit a model's weight initialization")
class AuditController {

	/** Largest page of the history. */
	static final int MAX_PAGE_SIZE = 200;

	private final AuditManagement audits;

	private final JsonBodies bodies;

	private final ModelReader reader = new ModelReader();

	AuditController(AuditManagement audits, JsonBodies bodies) {
		this.audits = audits;
		this.bodies = bodies;
	}

	@PostMapping(produces = { MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_PROBLEM_JSON_VALUE })
	@Operation(summary = "Audit a model description", description = "Stores the report and returns it with 201 and its Location. "
			+ "With failOn=error|warning a failing verdict answers 422 with the same report, so `curl --fail-with-body` fails a CI step.")
	@io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
			content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = ModelDescriptionSchema.class)))
	@ApiResponse(responseCode = "201", description = "The audit report",
			content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = AuditReport.class)))
	@ApiResponse(responseCode = "422", description = "The verdict fails at the failOn level; the body is the same report",
			content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = AuditReport.class)))
	@ApiResponse(responseCode = "400", description = "Invalid model description; `pointer` names the field",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(implementation = ProblemDetail.class)))
	@ApiResponse(responseCode = "413", description = "Body too large",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(implementation = ProblemDetail.class)))
	ResponseEntity<String> audit(HttpServletRequest request,
			@Parameter(description = "Fail the request (422) when the verdict has findings at this level", schema = @Schema(allowableValues = { "never",
					"error", "warning" })) @RequestParam(defaultValue = "never") String failOn) {
		FailOn level = FailOn.parse(failOn);
		ModelDescription model = this.reader.read(this.bodies.read(request));
		AuditManagement.StoredReport stored = this.audits.audit(model);
		AuditReport report = stored.report();
		HttpStatus status = level.fails(report) ? HttpStatus.UNPROCESSABLE_CONTENT : HttpStatus.CREATED;
		return ResponseEntity.status(status)
			.location(URI.create("/api/v1/audits/" + report.id()))
			.contentType(MediaType.APPLICATION_JSON)
			.body(stored.json());
	}

	@GetMapping(path = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "A stored audit report")
	@ApiResponse(responseCode = "200", description = "The report",
			content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = AuditReport.class)))
	@ApiResponse(responseCode = "404", description = "No report with this id",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(implementation = ProblemDetail.class)))
	ResponseEntity<String> get(@PathVariable String id) {
		return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(this.audits.findJson(id));
	}

	@GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Stored audits, newest first, paged")
	AuditPage list(@Parameter(description = "Page number, from 0") @RequestParam(defaultValue = "0") int page,
			@Parameter(description = "Page size, 1 to " + MAX_PAGE_SIZE) @RequestParam(defaultValue = "20") int size) {
		if (page < 0 || page > 1_000_000) {
			throw new BadRequestException("page", "page must be between 0 and 1000000. Received: " + page);
		}
		if (size < 1 || size > MAX_PAGE_SIZE) {
			throw new BadRequestException("size", "size must be between 1 and " + MAX_PAGE_SIZE + ". Received: " + size);
		}
		return new AuditPage(this.audits.list(page, size), page, size, this.audits.count());
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> notFound(AuditReportNotFoundException ex) {
		ProblemDetail pd = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, ex.getMessage());
		pd.setTitle("Audit report not found");
		return ResponseEntity.status(HttpStatus.NOT_FOUND).body(pd);
	}

	/** One page of the audit history. */
	record AuditPage(List<AuditSummary> items, int page, int size, long total) {
	}

	/** The {@code failOn} levels. */
	enum FailOn {

		NEVER, ERROR, WARNING;

		static FailOn parse(String text) {
			try {
				return valueOf(text.toUpperCase(Locale.ROOT));
			}
			catch (IllegalArgumentException ex) {
				throw new BadRequestException("failOn", "failOn must be one of never, error, warning. Received: " + text);
			}
		}

		boolean fails(AuditReport report) {
			return switch (this) {
				case NEVER -> false;
				case ERROR -> report.summary().errors() > 0;
				case WARNING -> report.summary().errors() + report.summary().warnings() > 0;
			};
		}

	}

}
