package io.initaudit.trial;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.initaudit.model.ModelSources;
import io.initaudit.sampling.NetworkLimits;
import io.initaudit.system.UnprocessableException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Accepts trials into the queue (checked and bounded), serves them, and cancels them.
 */
@Service
public class TrialManagement {

	/** How recently a GPU worker must have asked for work for a {@code device: gpu} trial to be accepted for it. */
	static final Duration WORKER_SEEN = Duration.ofMinutes(10);

	private final TrialJobs jobs;

	private final TrialSettings settings;

	private final Trainer trainer;

	private final NetworkLimits limits;

	private final TrialRequests requests;

	private final JsonMapper json;

	private final ModelSources sources;

	TrialManagement(TrialJobs jobs, TrialSettings settings, Trainer trainer, JsonMapper json, MeterRegistry meters, ModelSources sources) {
		Gauge.builder("initaudit.trial.queue", jobs, TrialJobs::countActive)
			.description("Trials queued or running")
			.register(meters);
		this.jobs = jobs;
		this.settings = settings;
		this.trainer = trainer;
		this.limits = new NetworkLimits("a trial", "/model", settings.maxParameters(), "initaudit.trial.max-parameters", 0, 0, "",
				trainer::unsupported);
		this.requests = new TrialRequests(settings);
		this.json = json;
		this.sources = sources;
	}

	/** A submission's outcome: the trial, and whether an earlier POST with the same key created it. */
	public record Submitted(TrialJob job, boolean replayed) {
	}

	/**
	 * @param request the request body; its {@code model} is of {@code source}, and is stored as the model description the
	 * importer made of it, so the trial is read the same way by every worker, however it came in
	 */
	public Submitted submit(JsonNode request, ModelSources.Source source, @Nullable String idempotencyKey) {
		JsonNode body = request;
		if (source != ModelSources.Source.NATIVE) {
			JsonNode description = this.sources.describeField(request, "model", source);
			ObjectNode copy = ((ObjectNode) request).deepCopy();
			copy.set("model", description);
			body = copy;
		}
		if (idempotencyKey != null) {
			Optional<TrialJob> existing = this.jobs.findByIdempotencyKey(idempotencyKey);
			if (existing.isPresent()) {
				return replay(existing.get(), body);
			}
		}
		TrialRequests.Read read = this.requests.read(body);
		String engine = engine(read);
		check(read, engine);
		// The result starts with what the trial will run (optimizer, task), so a queued trial already says it.
		String result = this.json.writeValueAsString(new TrialResult(List.of(), null, read.spec().optimizer().describe(), read.spec().task().describe()));
		TrialJob job = new TrialJob(UUID.randomUUID().toString(), idempotencyKey, TrialStatus.QUEUED, body.toString(), read.model().name(),
				Instant.now().truncatedTo(ChronoUnit.MILLIS), null, null, 0, read.spec().steps() * read.spec().variants().size(), null, result, null,
				null, null, 0, false, engine, read.spec().device());
		boolean inserted;
		try {
			inserted = this.jobs.insertWithin(job, this.settings.maxQueue());
		}
		catch (DataIntegrityViolationException ex) {
			// Two POSTs with the same key at once: the unique index lets one in; answer the other with it.
			if (idempotencyKey != null) {
				Optional<TrialJob> existing = this.jobs.findByIdempotencyKey(idempotencyKey);
				if (existing.isPresent()) {
					return replay(existing.get(), body);
				}
			}
			throw ex;
		}
		if (!inserted) {
			throw new TrialQueueFullException(this.settings.maxQueue());
		}
		return new Submitted(job, false);
	}

	/** A repeated POST with the same key: the first trial, when the request is the same (as JSON, whatever its key order). */
	private Submitted replay(TrialJob existing, JsonNode body) {
		if (!this.json.readTree(existing.spec()).equals(body)) {
			throw new IdempotencyKeyReusedException();
		}
		return new Submitted(existing, true);
	}

	/** The engine the trial is queued for: as asked, or for {@code auto} the ND4J workers only where torch cannot build the model. */
	private static String engine(TrialRequests.Read read) {
		String asked = read.spec().engine();
		String torchCannot = TorchEngine.unsupported(read.model());
		if (asked.equals(TorchEngine.NAME) && torchCannot != null) {
			throw new UnprocessableException("/engine", "engine torch cannot run this trial: " + torchCannot + ". Use engine auto or nd4j");
		}
		return asked.equals("auto") && torchCannot != null ? "nd4j" : asked;
	}

	/** What can be refused before queueing: input shape, size, layers, task fit, device. */
	private void check(TrialRequests.Read read, String engine) {
		if (!engine.equals(TorchEngine.NAME)) {
			this.limits.check(read.model(), read.spec().batchSize());
		}
		TrialSpec.Task probe = new TrialSpec.Task(read.spec().task().kind(), read.spec().task().classes(), 1, 0, read.spec().task().regression());
		Tasks.generate(probe, TrialRunner.inputShape(read.model()), TrialRunner.outputs(read.model()));
		String device = read.spec().device();
		if (device.equals("auto")) {
			return;
		}
		boolean gpu = device.equals("gpu");
		// The ND4J workers of this deployment run where this instance runs; a torch worker counts once it has asked for work.
		boolean nd4j = !engine.equals(TorchEngine.NAME) && this.trainer.hasGpu() == gpu;
		boolean torch = !engine.equals("nd4j")
				&& (!gpu || this.jobs.workerSeen(new TrialJobs.Capability(TorchEngine.NAME, true), Instant.now().minus(WORKER_SEEN)));
		if (nd4j || torch) {
			return;
		}
		if (gpu) {
			throw new DeviceUnavailableException("no GPU can serve this trial: this instance runs " + this.trainer.device()
					+ " and no GPU torch worker has asked for work in the last " + WORKER_SEEN.toMinutes() + " minutes. Use device auto or cpu, or start a "
					+ "torch worker on a GPU machine (python3 -m initaudit_worker --service URL); the ND4J cuda build runs on GPUs up to Ampere only");
		}
		throw new DeviceUnavailableException("this instance trains on " + this.trainer.device() + "; use device auto or gpu here, engine torch with a "
				+ "CPU torch worker, or a CPU instance");
	}

	public TrialJob find(String id) {
		return this.jobs.findById(id).orElseThrow(() -> new TrialNotFoundException(id));
	}

	public List<TrialJob> list(int page, int size) {
		return this.jobs.findPage(page, size);
	}

	public long count() {
		return this.jobs.count();
	}

	/** Cancels a queued trial, or asks its worker to stop a running one; the trial as it is now. */
	public TrialJob cancel(String id) {
		find(id);
		this.jobs.cancel(id, Instant.now());
		return find(id);
	}

}
