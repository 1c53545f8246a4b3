package io.initaudit.trial.web;

import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.initaudit.system.BadRequestException;
import io.initaudit.system.JsonBodies;
import io.initaudit.system.ModelDescriptionSchema;
import io.initaudit.trial.DeviceUnavailableException;
import io.initaudit.trial.IdempotencyKeyReusedException;
import io.initaudit.trial.Tasks;
import io.initaudit.trial.TrialJob;
import io.initaudit.trial.TrialManagement;
import io.initaudit.trial.TrialNotFoundException;
import io.initaudit.trial.TrialQueueFullException;
import io.initaudit.trial.TrialResult;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.PreDestroy;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Training trials: submit (202), poll, list, cancel, and follow live as Server-Sent Events.
 */
@RestController
@RequestMapping(path = "/api/v1/trials", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Trials", description = "Short training runs of the declared and the corrected init")
class TrialController {

	/** How often an event stream looks for news. */
	static final long EVENT_POLL_MILLIS = 300;

	/** An event stream ends after this long even if the trial has not. */
	static final long EVENT_TIMEOUT_MILLIS = 30 * 60 * 1000L;

	private final TrialManagement trials;

	private final JsonBodies bodies;

	private final JsonMapper json;

	private final ScheduledExecutorService events = Executors.newScheduledThreadPool(2, r -> {
		Thread t = new Thread(r, "trial-events");
		t.setDaemon(true);
		return t;
	});

	TrialController(TrialManagement trials, JsonBodies bodies, JsonMapper json) {
		this.trials = trials;
		this.bodies = bodies;
		this.json = json;
	}

	/** The request body, for the OpenAPI document (read by TrialRequests). */
	@Schema(name = "TrialRequest")
	record TrialRequest(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) ModelDescriptionSchema model,
			@Schema(description = "\"declared\", \"corrected\", or {\"name\", \"inits\": {layer: call}}; default both") @Nullable List<Object> variants,
			@Nullable TaskSchema task, @Nullable OptimizerSchema optimizer, @Schema(defaultValue = "200") @Nullable Integer steps,
			@Schema(defaultValue = "64") @Nullable Integer batchSize, @Schema(defaultValue = "42") @Nullable Long seed,
			@Schema(allowableValues = { "auto", "cpu", "gpu" }, defaultValue = "auto") @Nullable String device,
			@Schema(allowableValues = { "auto", "nd4j", "torch" }, defaultValue = "auto",
					description = "which workers may run it: the service's ND4J workers, the PyTorch worker (PyTorch models), or either") @Nullable String engine) {
	}

	@Schema(name = "TrialTask")
	record TaskSchema(@Schema(allowableValues = { "teacher-student", "spirals", "synthetic-bars" }, defaultValue = "teacher-student") String kind,
			@Nullable Integer classes, @Schema(defaultValue = "2048") @Nullable Integer samples, @Nullable Long seed, @Nullable Boolean regression) {
	}

	@Schema(name = "TrialOptimizer")
	record OptimizerSchema(@Schema(allowableValues = { "sgd", "momentum", "rmsprop", "adam" }, defaultValue = "adam") String name,
			@Nullable Double learningRate, @Schema(description = "momentum μ, RMSprop ρ, Adam β₁") @Nullable Double momentum) {
	}

	/** A trial as served (design/api.md §4). */
	record TrialView(String id, String status, Progress progress, @Nullable String device, List<TrialResult.VariantResult> variants,
			@Nullable String conclusion, @Nullable String optimizer, @Nullable String task, @Nullable String error, String model, Instant createdAt,
			@Nullable Instant startedAt, @Nullable Instant finishedAt, int attempts) {
	}

	record Progress(int step, int totalSteps) {
	}

	record TrialPage(List<TrialView> items, int page, int size, long total) {
	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "submitTrial", summary = "Queue a training trial", description = "Answers 202 with the trial and its Location. A repeated POST with the same "
			+ "Idempotency-Key returns the first trial. A full queue answers 429 with Retry-After.")
	@RequestBody(required = true,
			content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = TrialRequest.class)))
	@ApiResponse(responseCode = "202", description = "Queued (or the trial of an earlier POST with the same Idempotency-Key)")
	@ApiResponse(responseCode = "400", description = "Invalid request",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(implementation = ProblemDetail.class)))
	@ApiResponse(responseCode = "422", description = "Cannot be run here (no input.shape, too large, task does not fit, no GPU)",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(implementation = ProblemDetail.class)))
	@ApiResponse(responseCode = "429", description = "Queue full",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(implementation = ProblemDetail.class)))
	ResponseEntity<TrialView> submit(HttpServletRequest request,
			@Parameter(description = "Makes retries safe: the same key returns the first trial") @RequestHeader(name = "Idempotency-Key",
					required = false) @Nullable String idempotencyKey,
			@Parameter(description = "What `model` is: a model description, a Keras model.to_json() document, or the PyTorch exporter's manifest "
					+ "(stored as the model description imported from it)", schema = @Schema(allowableValues = { "native", "keras", "torch" }))
			@RequestParam(defaultValue = "native") String source) {
		if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > 200)) {
			throw new BadRequestException("Idempotency-Key", "Idempotency-Key must be 1 to 200 characters");
		}
		TrialManagement.Submitted s = this.trials.submit(this.bodies.read(request), JsonBodies.source(source), idempotencyKey);
		return ResponseEntity.status(HttpStatus.ACCEPTED).location(URI.create("/api/v1/trials/" + s.job().id())).body(view(s.job()));
	}

	@GetMapping("/{id}")
	@Operation(operationId = "getTrial", summary = "A trial: status, progress, device, per-variant losses and the conclusion")
	TrialView get(@PathVariable String id) {
		return view(this.trials.find(id));
	}

	@GetMapping
	@Operation(operationId = "listTrials", summary = "Trials, newest first, paged")
	TrialPage list(@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
		if (page < 0 || page > 1_000_000) {
			throw new BadRequestException("page", "page must be between 0 and 1000000");
		}
		if (size < 1 || size > 200) {
			throw new BadRequestException("size", "size must be between 1 and 200");
		}
		return new TrialPage(this.trials.list(page, size).stream().map(this::view).toList(), page, size, this.trials.count());
	}

	@DeleteMapping("/{id}")
	@Operation(operationId = "cancelTrial", summary = "Cancel a trial", description = "A queued trial is cancelled at once, a running one at its next heartbeat.")
	TrialView cancel(@PathVariable String id) {
		return view(this.trials.cancel(id));
	}

	@GetMapping(path = "/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	@Operation(operationId = "trialEvents", summary = "Server-Sent Events while the trial runs",
			description = "Events: `progress` {status, step, totalSteps}, `loss` {variant, step, loss} for every new loss point, and `done` with the "
					+ "final trial when it ends.")
	SseEmitter events(@PathVariable String id) {
		this.trials.find(id);
		SseEmitter emitter = new SseEmitter(EVENT_TIMEOUT_MILLIS);
		int[] sent = new int[64];
		String[] lastProgress = { "" };
		AtomicReference<ScheduledFuture<?>> task = new AtomicReference<>();
		Runnable poll = () -> {
			try {
				TrialJob job = this.trials.find(id);
				TrialView v = view(job);
				String progress = v.status() + "/" + v.progress().step();
				if (!progress.equals(lastProgress[0])) {
					lastProgress[0] = progress;
					emitter.send(SseEmitter.event().name("progress").data(this.json.writeValueAsString(
							Map.of("status", v.status(), "step", v.progress().step(), "totalSteps", v.progress().totalSteps()))));
				}
				for (int i = 0; i < v.variants().size() && i < sent.length; i++) {
					TrialResult.VariantResult r = v.variants().get(i);
					for (int s = sent[i]; s < r.losses().size(); s++) {
						Double loss = r.losses().get(s);
						emitter.send(SseEmitter.event().name("loss").data(this.json.writeValueAsString(
								Map.of("variant", r.name(), "step", s, "loss", loss == null ? "NaN" : loss))));
					}
					sent[i] = Math.max(sent[i], r.losses().size());
				}
				if (job.status().isTerminal()) {
					emitter.send(SseEmitter.event().name("done").data(this.json.writeValueAsString(v)));
					emitter.complete();
					task.get().cancel(false);
				}
			}
			catch (IOException | IllegalStateException ex) {
				ScheduledFuture<?> f = task.get();
				if (f != null) {
					f.cancel(false);
				}
			}
		};
		task.set(this.events.scheduleWithFixedDelay(poll, 0, EVENT_POLL_MILLIS, TimeUnit.MILLISECONDS));
		emitter.onCompletion(() -> task.get().cancel(false));
		emitter.onTimeout(() -> task.get().cancel(false));
		return emitter;
	}

	@PreDestroy
	void stop() {
		this.events.shutdownNow();
	}

	private TrialView view(TrialJob j) {
		TrialResult r = j.result() == null ? new TrialResult(List.of(), null, null, null) : this.json.readValue(j.result(), TrialResult.class);
		return new TrialView(j.id(), j.status().jsonName(), new Progress(j.step(), j.totalSteps()), j.device(), r.variants(), r.conclusion(),
				r.optimizer(), r.task(), j.error(), j.modelName(), j.createdAt(), j.startedAt(), j.finishedAt(), j.attempts());
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> notFound(TrialNotFoundException ex) {
		ProblemDetail pd = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, ex.getMessage());
		pd.setTitle("Trial not found");
		return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(pd);
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> noDevice(DeviceUnavailableException ex) {
		return unprocessable("No device for this trial", "/device", ex.getMessage());
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> keyReused(IdempotencyKeyReusedException ex) {
		ProblemDetail pd = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT, ex.getMessage());
		pd.setTitle("Idempotency-Key reused");
		pd.setProperty("header", "Idempotency-Key");
		return ResponseEntity.status(HttpStatus.UNPROCESSABLE_CONTENT).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(pd);
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> taskMismatch(Tasks.TaskMismatchException ex) {
		return unprocessable("The task does not fit the model", ex.pointer(), ex.getMessage());
	}

	private static ResponseEntity<ProblemDetail> unprocessable(String title, String pointer, String detail) {
		ProblemDetail pd = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT, detail);
		pd.setTitle(title);
		pd.setProperty("pointer", pointer);
		return ResponseEntity.status(HttpStatus.UNPROCESSABLE_CONTENT).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(pd);
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> full(TrialQueueFullException ex) {
		ProblemDetail pd = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS, ex.getMessage());
		pd.setTitle("Trial queue full");
		return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS).header("Retry-After", "30").contentType(MediaType.APPLICATION_PROBLEM_JSON).body(pd);
	}

}
