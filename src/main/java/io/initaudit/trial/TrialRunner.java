package io.initaudit.trial;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.initaudit.core.Decimals;
import io.initaudit.model.ModelDescription;
import io.initaudit.model.ModelReader;
import io.initaudit.model.TensorShape;
import io.initaudit.sampling.InitialWeights;
import io.initaudit.sampling.Sampler;
import io.initaudit.sampling.Variant;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs one claimed trial: draws each variant's initial weights with InitAudit's samplers (same seed per parameter
 * for every variant), trains it on the seeded task, and stores results as they are produced. Criteria:
 * <em>diverged</em> when the loss turns non-finite or exceeds {@value #DIVERGENCE_FACTOR}× its best after
 * {@value #DIVERGENCE_WARMUP} steps; <em>converged</em> when the mean loss of the last tenth of the steps is at most
 * {@value #CONVERGENCE_RATIO} of the initial loss.
 */
@Component
public class TrialRunner {

	static final double DIVERGENCE_FACTOR = 10.0;

	static final int DIVERGENCE_WARMUP = 10;

	static final double CONVERGENCE_RATIO = 0.5;

	/** Results are written (and the lease renewed) at least this often. */
	static final long HEARTBEAT_MILLIS = 1000;

	private static final Logger LOG = LoggerFactory.getLogger(TrialRunner.class);

	private final TrialJobs jobs;

	private final Trainer trainer;

	private final InitialWeights initialWeights;

	private final TrialSettings settings;

	private final JsonMapper json;

	private final MeterRegistry meters;

	TrialRunner(TrialJobs jobs, Trainer trainer, Sampler sampler, TrialSettings settings, JsonMapper json, MeterRegistry meters) {
		this.meters = meters;
		this.jobs = jobs;
		this.trainer = trainer;
		this.initialWeights = new InitialWeights(sampler);
		this.settings = settings;
		this.json = json;
	}

	/** Thrown inside a run when the worker must let go of the trial (lease lost, shutdown). */
	static final class Released extends RuntimeException {

		Released(String message) {
			super(message);
		}

	}

	/** What this instance's ND4J workers can serve. */
	TrialJobs.Capability capability() {
		return new TrialJobs.Capability("nd4j", this.trainer.hasGpu());
	}

	/**
	 * Trains the default trial (the bars example, synthetic bars, Adam, batch 64) for {@code steps} steps of its
	 * declared variant and throws the result away: the first trial of a JVM ran at a third of the speed of the next
	 * (JIT compilation, the native libraries' first calls; docs/benchmarks.md), and this pays for that before any
	 * trial is taken. Stops early when the thread is interrupted (shutdown).
	 *
	 * @return the warm-up run
	 */
	public Trainer.Run warmUp(int steps) {
		long start = System.nanoTime();
		ModelDescription model;
		try (InputStream in = new ClassPathResource("examples/bars-cnn.json").getInputStream()) {
			model = new ModelReader().read(this.json.readTree(in));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		Dataset data = Tasks.generate(new TrialSpec.Task("synthetic-bars", 10, 1024, 1, false), inputShape(model), outputs(model));
		InitialWeights.Drawn initial = this.initialWeights.draw(model, Variant.DECLARED, 1);
		Trainer.Run run = this.trainer.train(model, initial.weights(), data, new TrialSpec.Optimizer("adam", 3e-3, 0.9), steps, 64, 1,
				(step, loss) -> !Thread.currentThread().isInterrupted());
		LOG.info("Trial worker warmed up on {}: {} steps of the bars example in {} ms, {} steps/s at the end", this.trainer.device(),
				run.losses().size(), (System.nanoTime() - start) / 1_000_000, run.stepsPerSecond());
		return run;
	}

	public void run(TrialJob job, String owner) {
		String device = this.trainer.device();
		List<TrialResult.VariantResult> results = new ArrayList<>();
		TrialRequests.Read read;
		try {
			read = new TrialRequests(this.settings).read(this.json.readTree(job.spec()));
		}
		catch (RuntimeException ex) {
			finish(job, owner, TrialStatus.FAILED, results, null, null, "the stored request can no longer be read: " + ex.getMessage());
			return;
		}
		TrialSpec spec = read.spec();
		ModelDescription model = read.model();
		String optimizer = spec.optimizer().describe();
		String task = spec.task().describe();
		LOG.info("Starting trial {} ({} variants × {} steps, {}, {}) on {}", job.id(), spec.variants().size(), spec.steps(), optimizer, task, device);
		try {
			Dataset data = Tasks.generate(spec.task(), inputShape(model), outputs(model));
			int variantIndex = 0;
			for (Variant variant : spec.variants()) {
				int base = variantIndex * spec.steps();
				List<Double> losses = new ArrayList<>();
				long[] last = { System.currentTimeMillis() };
				long deadline = System.currentTimeMillis() + this.settings.maxSecondsPerVariant() * 1000L;
				boolean[] cancelled = { false };
				InitialWeights.Drawn initial = this.initialWeights.draw(model, variant, spec.seed());
				initial.notes().forEach(n -> LOG.info("Trial {}, variant {}: {}", job.id(), variant.name(), n));
				Trainer.Run run = this.trainer.train(model, initial.weights(), data, spec.optimizer(), spec.steps(), spec.batchSize(),
						spec.seed(), (step, loss) -> {
							losses.add(loss);
							if (Thread.currentThread().isInterrupted()) {
								throw new Released("the worker is shutting down");
							}
							long now = System.currentTimeMillis();
							if (now - last[0] >= HEARTBEAT_MILLIS) {
								last[0] = now;
								List<TrialResult.VariantResult> partial = new ArrayList<>(results);
								partial.add(summarize(variant.name(), losses, null, null, false));
								TrialJobs.Lease held = this.jobs.heartbeat(job.id(), owner, base + step + 1, lease(), write(partial, null, optimizer, task), device);
								if (held == TrialJobs.Lease.LOST) {
									throw new Released("the lease on the trial was lost");
								}
								if (held == TrialJobs.Lease.CANCEL_REQUESTED) {
									cancelled[0] = true;
									return false;
								}
							}
							return now < deadline;
						});
				results.add(summarize(variant.name(), run.losses(), run.stepsPerSecond(), run.finalAccuracy(), run.losses().size() == spec.steps()));
				if (cancelled[0]) {
					finish(job, owner, TrialStatus.CANCELLED, results, optimizer, task, null);
					return;
				}
				variantIndex++;
				this.jobs.heartbeat(job.id(), owner, variantIndex * spec.steps(), lease(), write(results, null, optimizer, task), device);
			}
			String conclusion = conclusion(results, optimizer, task);
			finish(job, owner, TrialStatus.SUCCEEDED, results, optimizer, task, null, conclusion);
			LOG.info("Trial {} succeeded: {}", job.id(), conclusion);
		}
		catch (Released ex) {
			LOG.info("Handing trial {} back to the queue: {}", job.id(), ex.getMessage());
			this.jobs.release(job.id(), owner);
		}
		catch (RuntimeException | OutOfMemoryError ex) {
			LOG.warn("Trial {} failed", job.id(), ex);
			finish(job, owner, TrialStatus.FAILED, results, optimizer, task, ex.getClass().getSimpleName() + ": " + ex.getMessage());
		}
	}

	private void finish(TrialJob job, String owner, TrialStatus status, List<TrialResult.VariantResult> results, String optimizer, String task,
			String error) {
		finish(job, owner, status, results, optimizer, task, error, null);
	}

	private void finish(TrialJob job, String owner, TrialStatus status, List<TrialResult.VariantResult> results, String optimizer, String task,
			String error, String conclusion) {
		if (job.startedAt() != null) {
			Timer.builder("initaudit.trial.duration").description("Wall time of trials, from their first start to their end")
				.tag("status", status.jsonName()).register(this.meters).record(Duration.between(job.startedAt(), Instant.now()));
		}
		this.jobs.finish(job.id(), owner, status, Instant.now(), write(results, conclusion, optimizer, task), error == null ? null
				: error.substring(0, Math.min(error.length(), 1900)));
	}

	private Instant lease() {
		return Instant.now().plusSeconds(this.settings.leaseSeconds());
	}

	private String write(List<TrialResult.VariantResult> variants, String conclusion, String optimizer, String task) {
		return this.json.writeValueAsString(new TrialResult(variants, conclusion, optimizer, task));
	}

	static TrialResult.VariantResult summarize(String name, List<Double> losses, Double stepsPerSecond, Double accuracy, boolean complete) {
		if (losses.isEmpty()) {
			return new TrialResult.VariantResult(name, List.of(), 1, null, null, false, false, stepsPerSecond, accuracy, complete);
		}
		double initial = losses.get(0);
		double best = Double.POSITIVE_INFINITY;
		boolean diverged = false;
		for (int i = 0; i < losses.size(); i++) {
			double l = losses.get(i);
			if (!Double.isFinite(l) || (i >= DIVERGENCE_WARMUP && l > DIVERGENCE_FACTOR * best)) {
				diverged = true;
			}
			best = Math.min(best, l);
		}
		int tail = Math.max(1, losses.size() / 10);
		double sum = 0;
		for (int i = losses.size() - tail; i < losses.size(); i++) {
			sum += losses.get(i);
		}
		double last = sum / tail;
		boolean converged = !diverged && Double.isFinite(last) && last <= CONVERGENCE_RATIO * initial;
		List<Double> finite = losses.stream().map(l -> Double.isFinite(l) ? l : null).toList();
		return new TrialResult.VariantResult(name, finite, 1, finite(initial), finite(losses.get(losses.size() - 1)), converged, diverged,
				stepsPerSecond, accuracy, complete);
	}

	private static Double finite(double v) {
		return Double.isFinite(v) ? v : null;
	}

	/** One line comparing the variants by final loss. */
	static String conclusion(List<TrialResult.VariantResult> results, String optimizer, String task) {
		StringBuilder sb = new StringBuilder("With ").append(optimizer).append(" on ").append(task).append(": ");
		TrialResult.VariantResult best = null;
		for (TrialResult.VariantResult r : results) {
			if (!r.diverged() && r.finalLoss() != null && (best == null || r.finalLoss() < best.finalLoss())) {
				best = r;
			}
		}
		List<String> parts = new ArrayList<>();
		for (TrialResult.VariantResult r : results) {
			String state = r.diverged() ? "diverged" : (r.converged() ? "converged" : "did not converge");
			parts.add(r.name() + " " + (r.finalLoss() == null ? "ended without a finite loss" : "reached loss " + Decimals.format(r.finalLoss()))
					+ " (" + state + (r.finalAccuracy() == null ? "" : String.format(Locale.ROOT, ", accuracy %.2f", r.finalAccuracy())) + ")");
		}
		sb.append(String.join("; ", parts)).append('.');
		if (best != null) {
			for (TrialResult.VariantResult r : results) {
				if (r != best && r.finalLoss() != null && best.finalLoss() > 0) {
					sb.append(' ').append(best.name()).append(" ends ").append(Decimals.format(r.finalLoss() / best.finalLoss())).append("× lower than ")
						.append(r.name()).append('.');
				}
				else if (r != best && r.finalLoss() == null) {
					sb.append(' ').append(best.name()).append(" trains where ").append(r.name()).append(" does not.");
				}
			}
		}
		return sb.toString();
	}

	static long[] inputShape(ModelDescription model) {
		TensorShape s = model.inputShape();
		if (s == null) {
			return new long[0];
		}
		long[] out = new long[s.rank()];
		for (int i = 0; i < out.length; i++) {
			out[i] = s.dims().get(i);
		}
		return out;
	}

	static int outputs(ModelDescription model) {
		return (int) model.layers().get(model.layers().size() - 1).outputShape().elements();
	}

}
