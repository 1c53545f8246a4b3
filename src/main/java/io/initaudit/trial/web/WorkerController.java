package io.initaudit.trial.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.initaudit.system.BadRequestException;
import io.initaudit.system.JsonBodies;
import io.initaudit.trial.RemoteTrials;
import io.initaudit.trial.TorchEngine;
import io.initaudit.trial.TrialJobs;
import io.initaudit.trial.TrialSettings;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The remote worker protocol (worker keys only when keys are configured): lease a trial, heartbeat it, post its
 * result. The PyTorch worker in clients/python/initaudit_worker speaks it.
 */
@RestController
@RequestMapping("/api/v1/workers")
@Tag(name = "workers", description = "Remote trial workers (the PyTorch worker): lease, heartbeat, result. Worker keys only.")
class WorkerController {

	private final RemoteTrials remote;

	private final JsonBodies bodies;

	private final TrialSettings settings;

	WorkerController(RemoteTrials remote, JsonBodies bodies, TrialSettings settings) {
		this.remote = remote;
		this.bodies = bodies;
		this.settings = settings;
	}

	@Schema(name = "WorkerDevice")
	record DeviceSchema(@Schema(allowableValues = { "cpu", "cuda" }) String kind, @Nullable String name, @Nullable Long memoryBytes) {
	}

	@Schema(name = "WorkerLeaseRequest")
	record LeaseRequest(@Schema(description = "the worker's name, 1 to 100 characters; it owns the lease") String worker,
			@Schema(allowableValues = { "torch" }) String engine, DeviceSchema device,
			@Schema(description = "seconds the lease lasts without a heartbeat (10 to 86400; default the service's lease)") @Nullable Integer leaseSeconds) {
	}

	@Schema(name = "WorkerVariantReport")
	record VariantSchema(String name, List<Double> losses, @Nullable Double stepsPerSecond, @Nullable Double finalAccuracy, boolean complete) {
	}

	@Schema(name = "WorkerHeartbeat")
	record HeartbeatRequest(String worker, String engine, DeviceSchema device, int step, List<VariantSchema> variants) {
	}

	@Schema(name = "WorkerResult")
	record ResultRequest(String worker, String engine, DeviceSchema device, @Schema(allowableValues = { "succeeded", "failed", "cancelled" }) String status,
			List<VariantSchema> variants, @Nullable String error) {
	}

	record LeaseState(@Schema(allowableValues = { "held", "cancel_requested" }) String lease) {
	}

	@PostMapping(path = "/lease", consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "leaseTrial", summary = "Lease the oldest queued trial this worker can serve",
			description = "Trials that asked for this engine (or auto) and this device (or auto). 200 with the job: the model's layers, each variant's "
					+ "per-parameter law or torch.nn.init call (as data), the task's samples and visiting order (base64 little-endian float32/int32), "
					+ "the optimizer. 204 when there is none.")
	@RequestBody(required = true, content = @Content(schema = @Schema(implementation = LeaseRequest.class)))
	@ApiResponse(responseCode = "200", description = "A job, leased to the worker")
	@ApiResponse(responseCode = "204", description = "Nothing to do")
	ResponseEntity<ObjectNode> lease(HttpServletRequest request) {
		JsonNode body = this.bodies.read(request);
		RemoteTrials.Worker w = worker(body);
		Optional<ObjectNode> job = this.remote.lease(w);
		return job.map(ResponseEntity::ok).orElseGet(() -> ResponseEntity.noContent().build());
	}

	@PostMapping(path = "/trials/{id}/heartbeat", consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "heartbeatTrial", summary = "Extend a lease and store the losses so far",
			description = "200 with held or cancel_requested (stop and post status cancelled); 409 when the lease was lost (the trial was requeued): stop.")
	@RequestBody(required = true, content = @Content(schema = @Schema(implementation = HeartbeatRequest.class)))
	@ApiResponse(responseCode = "409", description = "Lease lost",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(implementation = ProblemDetail.class)))
	ResponseEntity<LeaseState> heartbeat(@PathVariable String id, HttpServletRequest request) {
		JsonNode body = this.bodies.read(request);
		RemoteTrials.Worker w = worker(body);
		int step = (int) Math.max(0, Math.min(Integer.MAX_VALUE, body.path("step").asLong(0)));
		TrialJobs.Lease lease = this.remote.heartbeat(id, w, step, variants(body));
		if (lease == TrialJobs.Lease.LOST) {
			throw new LeaseLostException(id, w.worker());
		}
		return ResponseEntity.ok(new LeaseState(lease.name().toLowerCase(Locale.ROOT)));
	}

	@PostMapping(path = "/trials/{id}/result", consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "finishTrial", summary = "Post a trial's result",
			description = "The service judges convergence and divergence and writes the conclusion, with the same rule for every engine. "
					+ "A result file written by the worker's --job/--out mode is posted here too.")
	@RequestBody(required = true, content = @Content(schema = @Schema(implementation = ResultRequest.class)))
	@ApiResponse(responseCode = "409", description = "Lease lost",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(implementation = ProblemDetail.class)))
	ResponseEntity<Map<String, String>> result(@PathVariable String id, HttpServletRequest request) {
		JsonNode body = this.bodies.read(request);
		RemoteTrials.Worker w = worker(body);
		String status = body.path("status").asString("");
		if (!List.of("succeeded", "failed", "cancelled").contains(status)) {
			throw new BadRequestException("/status", "status must be succeeded, failed or cancelled");
		}
		String error = body.path("error").isString() ? body.path("error").asString() : null;
		if (!this.remote.finish(id, w, status, variants(body), error)) {
			throw new LeaseLostException(id, w.worker());
		}
		return ResponseEntity.ok(Map.of("status", status));
	}

	private RemoteTrials.Worker worker(JsonNode body) {
		String name = body.path("worker").asString("");
		if (name.isBlank() || name.length() > 100 || name.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
			throw new BadRequestException("/worker", "worker must be a name of 1 to 100 printable characters");
		}
		String engine = body.path("engine").asString(TorchEngine.NAME);
		if (!engine.equals(TorchEngine.NAME)) {
			throw new BadRequestException("/engine", "engine must be torch (the service runs its own ND4J workers)");
		}
		JsonNode d = body.path("device");
		String kind = d.path("kind").asString("cpu");
		if (!kind.equals("cpu") && !kind.equals("cuda")) {
			throw new BadRequestException("/device/kind", "device.kind must be cpu or cuda");
		}
		String devName = d.path("name").asString("");
		if (devName.length() > 120 || devName.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
			throw new BadRequestException("/device/name", "device.name must be at most 120 printable characters");
		}
		long memory = d.path("memoryBytes").asLong(0);
		// "cuda (NVIDIA H200, 139.8 GiB), torch worker": what trials report as the device they ran on.
		List<String> about = new ArrayList<>();
		if (!devName.isEmpty()) {
			about.add(devName);
		}
		if (memory > 0) {
			about.add(String.format(Locale.ROOT, "%.1f GiB", memory / 1073741824.0));
		}
		String device = kind + (about.isEmpty() ? "" : " (" + String.join(", ", about) + ")") + ", torch worker";
		int lease = body.path("leaseSeconds").isNumber() ? body.path("leaseSeconds").asInt() : this.settings.leaseSeconds();
		if (lease < 10 || lease > 86400) {
			throw new BadRequestException("/leaseSeconds", "leaseSeconds must be 10 to 86400");
		}
		return new RemoteTrials.Worker(name, engine, kind.equals("cuda"), device, lease);
	}

	private static List<RemoteTrials.VariantReport> variants(JsonNode body) {
		JsonNode vs = body.path("variants");
		if (!vs.isArray() || vs.size() > 64) {
			throw new BadRequestException("/variants", "variants must be an array of at most 64 reports");
		}
		List<RemoteTrials.VariantReport> out = new ArrayList<>();
		for (int i = 0; i < vs.size(); i++) {
			JsonNode v = vs.get(i);
			JsonNode ls = v.path("losses");
			if (!ls.isArray() || ls.size() > 1_000_000) {
				throw new BadRequestException("/variants/" + i + "/losses", "losses must be an array of numbers (null for a non-finite loss)");
			}
			List<Double> losses = new ArrayList<>(ls.size());
			for (JsonNode l : ls) {
				losses.add(l.isNumber() ? l.asDouble() : null);
			}
			String name = v.path("name").asString("");
			if (name.isEmpty() || name.length() > 100) {
				throw new BadRequestException("/variants/" + i + "/name", "a variant needs its name");
			}
			out.add(new RemoteTrials.VariantReport(name, losses, v.path("stepsPerSecond").isNumber() ? v.path("stepsPerSecond").asDouble() : null,
					v.path("finalAccuracy").isNumber() ? v.path("finalAccuracy").asDouble() : null, v.path("complete").asBoolean(false)));
		}
		return out;
	}

	/** The worker no longer holds the trial's lease (it expired and the trial was requeued, or it was never its). */
	static final class LeaseLostException extends RuntimeException {

		LeaseLostException(String id, String worker) {
			super("worker " + worker + " does not hold the lease on trial " + id + " (it expired and the trial went back to the queue, or it ended)");
		}

	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> leaseLost(LeaseLostException ex) {
		ProblemDetail pd = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, ex.getMessage());
		pd.setTitle("Lease lost");
		return ResponseEntity.status(HttpStatus.CONFLICT).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(pd);
	}

}
