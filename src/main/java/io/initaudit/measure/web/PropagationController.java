package io.initaudit.measure.web;

import java.util.List;
import java.util.Map;

import io.initaudit.measure.PropagationManagement;
import io.initaudit.measure.PropagationResult;
import io.initaudit.model.InvalidModelException;
import io.initaudit.model.ModelDescription;
import io.initaudit.model.ModelSources;
import io.initaudit.model.RequestFields;
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
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Signal propagation at initialization, with the declared and the corrected init.
 */
@RestController
@RequestMapping(path = "/api/v1/propagation", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Measurement", description = "What the initializers really produce, and what the network does with it")
class PropagationController {

	/** The default {@code varianceFactor}: a 100× change of activation variance across the network is a finding. */
	static final double DEFAULT_VARIANCE_FACTOR = 100.0;

	private final PropagationManagement propagation;

	private final JsonBodies bodies;

	private final ModelSources sources;

	PropagationController(PropagationManagement propagation, JsonBodies bodies, ModelSources sources) {
		this.propagation = propagation;
		this.bodies = bodies;
		this.sources = sources;
	}

	/** The request: a model description and how to run it. */
	@Schema(name = "PropagationRequest")
	record PropagationRequest(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) ModelDescriptionSchema model,
			@Schema(defaultValue = "16", minimum = "1") @Nullable Integer batchSize, @Schema(defaultValue = "1") @Nullable Long seed,
			@Schema(description = "Activation variance changing by more than this factor across the network is a finding", defaultValue = "100") @Nullable Double varianceFactor) {
	}

	/** A finding as reported. */
	record FindingView(String code, String severity, String message, Map<String, Object> evidence) {
	}

	/** The response (design/api.md §3). */
	record PropagationResponse(List<PropagationResult.LayerResult> layers, List<FindingView> findings, int batchSize, long seed, String device,
			long millis, List<String> notes) {
	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "propagate", summary = "Forward and backward pass at initialization with the declared and the corrected init",
			description = "Returns per layer the activation mean and variance, the average channel variance and the loss-gradient norm. "
					+ "Needs model.input.shape. Networks above the configured parameter or activation-memory limits get 422.")
	@RequestBody(required = true,
			content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = PropagationRequest.class)))
	@ApiResponse(responseCode = "200", description = "The signal propagation")
	@ApiResponse(responseCode = "400", description = "Invalid request; `pointer` names the field",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(implementation = ProblemDetail.class)))
	@ApiResponse(responseCode = "422", description = "Valid, but beyond the limits (no input.shape, too large, unsupported layer)",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(implementation = ProblemDetail.class)))
	@ApiResponse(responseCode = "503", description = "All measurement slots busy; Retry-After says when to come back",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(implementation = ProblemDetail.class)))
	PropagationResponse propagate(HttpServletRequest request,
			@Parameter(description = "What `model` is: a model description, a Keras model.to_json() document, or the PyTorch exporter's manifest",
					schema = @Schema(allowableValues = { "native", "keras", "torch" })) @RequestParam(defaultValue = "native") String source) {
		JsonNode body = this.bodies.read(request);
		ModelDescription model = this.sources.readField(body, "model", JsonBodies.source(source));
		int batch = (int) RequestFields.integer(body, "batchSize", 16, 1, Integer.MAX_VALUE, "/batchSize");
		long seed = RequestFields.integer(body, "seed", 1, Long.MIN_VALUE / 2, Long.MAX_VALUE / 2, "/seed");
		double factor = body.path("varianceFactor").isNumber() ? body.get("varianceFactor").asDouble() : DEFAULT_VARIANCE_FACTOR;
		if (!(factor > 1) || Double.isInfinite(factor)) {
			throw new InvalidModelException("/varianceFactor", "varianceFactor must be a number > 1");
		}
		PropagationResult r = this.propagation.propagate(model, batch, seed, factor);
		return new PropagationResponse(r.layers(),
				r.findings().stream().map(f -> new FindingView(f.code().name(), f.severity().jsonName(), f.message(), f.evidence())).toList(),
				r.batchSize(), r.seed(), r.device(), r.millis(), r.notes());
	}

}
