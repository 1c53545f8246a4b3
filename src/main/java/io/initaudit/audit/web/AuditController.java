package io.initaudit.audit.web;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

import io.initaudit.audit.AuditManagement;
import io.initaudit.audit.AuditReport;
import io.initaudit.audit.AuditReportNotFoundException;
import io.initaudit.audit.AuditSummary;
import io.initaudit.audit.format.JUnitReport;
import io.initaudit.audit.format.MarkdownReport;
import io.initaudit.audit.format.ReportFormat;
import io.initaudit.audit.format.SarifReport;
import io.initaudit.audit.format.TextReport;
import io.initaudit.model.ModelSources;
import io.initaudit.system.BadRequestException;
import io.initaudit.system.JsonBodies;
import io.initaudit.system.ModelDescriptionSchema;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

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

	private final ModelSources sources;

	private final JsonMapper json;

	private final String version;

	AuditController(AuditManagement audits, ModelSources sources, JsonBodies bodies, JsonMapper json,
			@Value("${initaudit.version:0.1.0}") String version) {
		this.audits = audits;
		this.sources = sources;
		this.bodies = bodies;
		this.json = json;
		this.version = version;
	}

	@PostMapping(produces = { MediaType.APPLICATION_JSON_VALUE, MediaType.TEXT_PLAIN_VALUE, MediaType.TEXT_MARKDOWN_VALUE,
			"application/sarif+json", MediaType.APPLICATION_XML_VALUE, MediaType.APPLICATION_PROBLEM_JSON_VALUE })
	@Operation(operationId = "audit", summary = "Audit a model description", description = "Stores the report and returns it with 201 and its Location. "
			+ "With failOn=error|warning a failing verdict answers 422 with the same report, so `curl --fail-with-body` fails a CI step.")
	@RequestBody(required = true,
			content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = ModelDescriptionSchema.class)))
	@ApiResponse(responseCode = "201", description = "The audit report",
			content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = AuditReport.class)))
	@ApiResponse(responseCode = "422", description = "The verdict fails at the failOn level; the body is the same report",
			content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = AuditReport.class)))
	@ApiResponse(responseCode = "400", description = "Invalid model description; `pointer` names the field",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(implementation = ProblemDetail.class)))
	@ApiResponse(responseCode = "200", description = "The report, not stored (store=false): no Location",
			content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = AuditReport.class)))
	@ApiResponse(responseCode = "413", description = "Body too large",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(implementation = ProblemDetail.class)))
	@ApiResponse(responseCode = "408", description = "The body did not arrive within the read deadline",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(implementation = ProblemDetail.class)))
	@ApiResponse(responseCode = "415", description = "The body is declared as something other than JSON",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(implementation = ProblemDetail.class)))
	ResponseEntity<byte[]> audit(HttpServletRequest httpRequest,
			@Parameter(description = "Fail the request (422) when the verdict has findings at this level", schema = @Schema(allowableValues = { "never",
					"error", "warning" })) @RequestParam(defaultValue = "never") String failOn,
			@Parameter(description = "Report format; overrides Accept", schema = @Schema(allowableValues = { "json", "text", "markdown", "sarif",
					"junit" })) @RequestParam(required = false) @Nullable String format,
			@Parameter(description = "What the body is: a model description, a Keras model.to_json() document, or the PyTorch exporter's manifest",
					schema = @Schema(allowableValues = { "native", "keras", "torch" })) @RequestParam(defaultValue = "native") String source,
			@Parameter(description = "SARIF only: the file the model came from, for result locations") @RequestParam(required = false) @Nullable String artifact,
			@Parameter(description = "Also sample every declared and corrected initializer with ND4J at the parameter's shape (capped)") @RequestParam(defaultValue = "false") boolean measure,
			@Parameter(description = "Keep the report (201 with Location); false answers it without storing it (200)") @RequestParam(defaultValue = "true") boolean store,
			@Parameter(description = "An identical body (same source and JSON) this process audited before gets the same findings as a new "
					+ "report without being audited again; false always audits") @RequestParam(defaultValue = "true") boolean reuse,
			@Parameter(description = "JSON only: full, or findings (only the parameters with findings, in their layers; summary and notes as they are)",
					schema = @Schema(allowableValues = { "full", "findings" })) @RequestParam(defaultValue = "full") String detail,
			@RequestHeader(name = "Accept", required = false) @Nullable String accept) {
		FailOn level = FailOn.parse(failOn);
		ReportFormat fmt = format(format, accept);
		boolean findingsOnly = findingsOnly(detail);
		ModelSources.Source from = JsonBodies.source(source);
		AuditManagement.StoredReport stored = auditOrReuse(this.bodies.readBytes(httpRequest), from, measure, store, reuse && !measure);
		AuditReport report = stored.report();
		HttpStatus status = level.fails(report) ? HttpStatus.UNPROCESSABLE_CONTENT : store ? HttpStatus.CREATED : HttpStatus.OK;
		// JSON goes out as the stored UTF-8 bytes; the other formats are rendered text.
		byte[] body = fmt != ReportFormat.JSON ? render(report, fmt, level, artifact).getBytes(StandardCharsets.UTF_8)
				: findingsOnly ? this.json.writeValueAsBytes(report.findingsOnly()) : stored.utf8();
		ResponseEntity.BodyBuilder answer = ResponseEntity.status(status);
		if (store) {
			answer.location(URI.create("/api/v1/audits/" + report.id()));
		}
		return answer.contentType(MediaType.parseMediaType(fmt.mediaType() + (fmt == ReportFormat.JSON ? "" : ";charset=UTF-8")))
			.body(body);
	}

	/**
	 * The audit of {@code raw}, or a new report of the findings of an identical body audited before: found by its bytes
	 * (no parsing: a CI job sends the same file), else by its compact JSON.
	 */
	private AuditManagement.StoredReport auditOrReuse(byte[] raw, ModelSources.Source from, boolean measure, boolean store, boolean reusable) {
		String rawKey = reusable ? AuditManagement.rawKey(this.version, from.jsonName(), raw) : null;
		AuditManagement.StoredReport earlier = rawKey == null ? null : this.audits.reusable(rawKey, raw);
		if (earlier != null) {
			return this.audits.again(earlier, store);
		}
		JsonNode request = this.bodies.parse(raw);
		String key = reusable ? AuditManagement.key(this.version, from.jsonName(), request.toString()) : null;
		earlier = key == null ? null : this.audits.reusable(key, null);
		AuditManagement.StoredReport stored = earlier != null ? this.audits.again(earlier, store)
				: this.audits.audit(this.sources.read(request, from), measure, store);
		if (key != null) {
			AuditManagement.StoredReport template = earlier != null ? earlier : stored;
			this.audits.remember(key, null, template);
			this.audits.remember(rawKey, raw, template);
		}
		return stored;
	}

	private static boolean findingsOnly(String detail) {
		return switch (detail) {
			case "full" -> false;
			case "findings" -> true;
			default -> throw new BadRequestException("detail", "detail must be full or findings. Received: " + detail);
		};
	}

	private static ReportFormat format(@Nullable String format, @Nullable String accept) {
		if (format == null) {
			return ReportFormat.byAccept(accept);
		}
		ReportFormat f = ReportFormat.byParameter(format);
		if (f == null) {
			throw new BadRequestException("format", "format must be one of json, text, markdown, sarif, junit. Received: " + format);
		}
		return f;
	}

	private String render(AuditReport report, ReportFormat fmt, FailOn level, @Nullable String artifact) {
		String base = ServletUriComponentsBuilder.fromCurrentContextPath().build().toUriString();
		return switch (fmt) {
			case TEXT -> TextReport.render(report);
			case MARKDOWN -> MarkdownReport.render(report, base);
			case SARIF -> this.json.writeValueAsString(
					SarifReport.render(report, this.version, base, artifact != null ? artifact : report.model().name() + ".json"));
			case JUNIT -> JUnitReport.render(report, level == FailOn.WARNING ? "warning" : (level == FailOn.ERROR ? "error" : "warning"));
			case JSON -> this.json.writeValueAsString(report);
		};
	}

	@GetMapping(path = "/{id}", produces = { MediaType.APPLICATION_JSON_VALUE, MediaType.TEXT_PLAIN_VALUE, MediaType.TEXT_MARKDOWN_VALUE,
			"application/sarif+json", MediaType.APPLICATION_XML_VALUE, MediaType.APPLICATION_PROBLEM_JSON_VALUE })
	@Operation(operationId = "getAudit", summary = "A stored audit report")
	@ApiResponse(responseCode = "200", description = "The report",
			content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = AuditReport.class)))
	@ApiResponse(responseCode = "404", description = "No report with this id",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(implementation = ProblemDetail.class)))
	ResponseEntity<String> get(@PathVariable String id,
			@Parameter(description = "Report format; overrides Accept", schema = @Schema(allowableValues = { "json", "text", "markdown", "sarif",
					"junit" })) @RequestParam(required = false) @Nullable String format,
			@Parameter(description = "JUnit only: findings at or above this level are failures") @RequestParam(defaultValue = "warning") String failOn,
			@Parameter(description = "SARIF only: the file the model came from") @RequestParam(required = false) @Nullable String artifact,
			@Parameter(description = "JSON only: full, or findings (only the parameters with findings)", schema = @Schema(allowableValues = { "full",
					"findings" })) @RequestParam(defaultValue = "full") String detail,
			@RequestHeader(name = "Accept", required = false) @Nullable String accept) {
		ReportFormat fmt = format(format, accept);
		if (fmt == ReportFormat.JSON) {
			String stored = findingsOnly(detail) ? this.json.writeValueAsString(this.audits.find(id).findingsOnly()) : this.audits.findJson(id);
			return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(stored);
		}
		return ResponseEntity.ok()
			.contentType(MediaType.parseMediaType(fmt.mediaType() + ";charset=UTF-8"))
			.body(render(this.audits.find(id), fmt, FailOn.parse(failOn), artifact));
	}

	@GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "listAudits", summary = "Stored audits, newest first, paged")
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
