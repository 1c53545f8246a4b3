package io.initaudit.discovery.web;

import java.util.List;

import io.initaudit.discovery.Catalog;
import io.initaudit.discovery.Examples;
import io.initaudit.system.ModelDescriptionSchema;
import io.initaudit.system.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * What the service supports, and example models to start from.
 */
@RestController
@RequestMapping(path = "/api/v1", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Discovery", description = "Supported frameworks, layers, initializers, finding codes and example models")
class DiscoveryController {

	private final Examples examples;

	private final Catalog catalog = Catalog.current();

	DiscoveryController(Examples examples) {
		this.examples = examples;
	}

	@GetMapping("/frameworks")
	@Operation(operationId = "frameworks", summary = "Supported frameworks, layer types, recognised initializer calls and finding codes")
	Catalog frameworks() {
		return this.catalog;
	}

	@GetMapping("/examples")
	@Operation(operationId = "listExamples", summary = "The bundled example models")
	List<Examples.Example> examples() {
		return this.examples.list();
	}

	@GetMapping("/examples/{name}")
	@Operation(operationId = "getExample", summary = "One example model description, ready to POST to /api/v1/audits")
	@ApiResponse(responseCode = "200", description = "The model description",
			content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = ModelDescriptionSchema.class)))
	@ApiResponse(responseCode = "404", description = "No example of this name",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(implementation = ProblemDetail.class)))
	JsonNode example(@PathVariable String name) {
		return this.examples.get(name).orElseThrow(() -> new NotFoundException("No example named '" + name + "'"));
	}

}
