package io.initaudit.trial;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.initaudit.sampling.NetworkLimits;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Accepts trials into the queue (checked and bounded), serves them, and cancels them.
 */
@Service
public class TrialManagement {

	private final TrialJobs jobs;

	private final TrialSettings settings;

	private final Trainer trainer;

	private final NetworkLimits limits;

	private final TrialRequests requests;

	private final JsonMapper json;

	TrialManagement(TrialJobs jobs, TrialSettings settings, Trainer trainer, JsonMapper json, MeterRegistry meters) {
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
	}

	/** A submission's outcome: the trial, and whether an earlier POST with the same key created it. */
	public record Submitted(TrialJob job, boolean replayed) {
	}

	public Submitted submit(JsonNode body, @Nullable String idempotencyKey) {
		if (idempotencyKey != null) {
			Optional<TrialJob> existing = this.jobs.findByIdempotencyKey(idempotencyKey);
			if (existing.isPresent()) {
				return replay(existing.get(), body);
			}
		}
		TrialRequests.Read read = this.requests.read(body);
		check(read);
		// The result starts with what the trial will run (optimizer, task), so a queued trial already says it.
		String result = this.json.writeValueAsString(new TrialResult(List.of(), null, read.spec().optimizer().describe(), read.spec().task().describe()));
		TrialJob job = new TrialJob(UUID.randomUUID().toString(), idempotencyKey, TrialStatus.QUEUED, body.toString(), read.model().name(),
				Instant.now().truncatedTo(ChronoUnit.MILLIS), null, null, 0, read.spec().steps() * read.spec().variants().size(), null, result, null,
				null, null, 0, false);
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

	/** What can be refused before queueing: input shape, size, layers, task fit, device. */
	private void check(TrialRequests.Read read) {
		this.limits.check(read.model(), read.spec().batchSize());
		TrialSpec.Task probe = new TrialSpec.Task(read.spec().task().kind(), read.spec().task().classes(), 1, 0, read.spec().task().regression());
		Tasks.generate(probe, TrialRunner.inputShape(read.model()), TrialRunner.outputs(read.model()));
		if (read.spec().device().equals("cpu") && this.trainer.hasGpu()) {
			throw new DeviceUnavailableException("this instance trains on " + this.trainer.device() + "; use device auto or gpu here, or a CPU instance");
		}
		if (read.spec().device().equals("gpu") && !this.trainer.hasGpu()) {
			throw new DeviceUnavailableException("no GPU can serve this trial here: this instance runs " + this.trainer.device()
					+ ". Use device auto or cpu, or a GPU worker (the cuda build runs on GPUs up to Ampere, not Hopper)");
		}
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
