package io.initaudit.trial;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Takes trials from the queue: {@code initaudit.trial.workers} threads, each claiming the oldest queued trial with a
 * lease. Every instance also puts back (or fails) trials whose worker vanished. On shutdown the running trials go
 * back to the queue.
 */
@Component
public class TrialWorker {

	/** How often every instance, worker or API-only, looks for expired leases. */
	static final long RECOVERY_MILLIS = 5_000;

	private static final Logger LOG = LoggerFactory.getLogger(TrialWorker.class);

	private final TrialJobs jobs;

	private final TrialRunner runner;

	private final TrialSettings settings;

	private final String owner = "worker-" + UUID.randomUUID().toString().substring(0, 8);

	private final List<Thread> threads = new ArrayList<>();

	private volatile boolean stopping;

	private volatile long lastErrorLog;

	TrialWorker(TrialJobs jobs, TrialRunner runner, TrialSettings settings) {
		this.jobs = jobs;
		this.runner = runner;
		this.settings = settings;
	}

	@EventListener(ApplicationReadyEvent.class)
	public void start() {
		recover();
		if (!this.settings.workerEnabled()) {
			LOG.info("Trial workers disabled on this instance (initaudit.trial.worker-enabled=false)");
			return;
		}
		for (int i = 0; i < Math.max(1, this.settings.workers()); i++) {
			Thread t = new Thread(this::loop, "trial-worker-" + i);
			t.setDaemon(true);
			t.start();
			this.threads.add(t);
		}
		LOG.info("{} trial worker(s) started as {}", this.threads.size(), this.owner);
	}

	/**
	 * The lease sweeper, on every instance (API-only ones too): a trial whose worker vanished goes back to the queue
	 * within a lease and a sweep, whoever is left to notice.
	 */
	@Scheduled(fixedDelay = RECOVERY_MILLIS, initialDelay = RECOVERY_MILLIS)
	void sweep() {
		try {
			recover();
		}
		catch (RuntimeException ex) {
			// The database may be down for a while: one stack trace a minute, not one per sweep.
			long now = System.currentTimeMillis();
			if (now - this.lastErrorLog > 60_000) {
				this.lastErrorLog = now;
				LOG.warn("Lease sweep failed (retrying every {} ms)", RECOVERY_MILLIS, ex);
			}
		}
	}

	/** Puts expired trials back in the queue (or fails them); safe to call from any instance at any time. */
	public int recover() {
		int n = this.jobs.recoverExpired(Instant.now(), this.settings.maxAttempts());
		if (n > 0) {
			LOG.info("Recovered {} trial(s) whose worker was lost", n);
		}
		return n;
	}

	private void loop() {
		if (this.settings.warmUpSteps() > 0) {
			try {
				this.runner.warmUp(this.settings.warmUpSteps());
			}
			catch (RuntimeException ex) {
				LOG.warn("Trial worker warm-up failed; the first trial pays it", ex);
			}
		}
		while (!this.stopping) {
			try {
				Optional<TrialJob> job = this.jobs.claimNext(this.owner, Instant.now(), Instant.now().plusSeconds(this.settings.leaseSeconds()),
						this.runner.capability());
				if (job.isPresent()) {
					this.runner.run(job.get(), this.owner);
				}
				else {
					Thread.sleep(this.settings.pollMillis());
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (RuntimeException ex) {
				// The database may be down for a while: one stack trace a minute, not one per poll.
				long now = System.currentTimeMillis();
				if (now - this.lastErrorLog > 60_000) {
					this.lastErrorLog = now;
					LOG.warn("Trial worker loop error (retrying every {} ms)", this.settings.pollMillis(), ex);
				}
				sleepQuietly();
			}
		}
	}

	private void sleepQuietly() {
		try {
			Thread.sleep(this.settings.pollMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** Graceful shutdown: running trials notice the interrupt at their next step and are handed back to the queue. */
	@PreDestroy
	public void stop() {
		this.stopping = true;
		for (Thread t : this.threads) {
			t.interrupt();
		}
		for (Thread t : this.threads) {
			try {
				t.join(10_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	public String owner() {
		return this.owner;
	}

}
