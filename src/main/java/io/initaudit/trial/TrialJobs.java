package io.initaudit.trial;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * The trial queue and its rows.
 */
public interface TrialJobs {

	/**
	 * Inserts the job unless {@code maxActive} trials are already queued or running; the count and the insert hold a
	 * lock together, so concurrent submissions (from any instance) cannot exceed the limit.
	 *
	 * @return false when the queue was full and nothing was inserted
	 */
	boolean insertWithin(TrialJob job, int maxActive);

	Optional<TrialJob> findById(String id);

	Optional<TrialJob> findByIdempotencyKey(String key);

	/** Newest first. */
	List<TrialJob> findPage(int page, int size);

	long count();

	/** Queued plus running. */
	long countActive();

	/**
	 * Takes the oldest queued trial for {@code owner} until {@code leaseUntil}: an update conditioned on the row still
	 * being queued, so two workers never take the same trial.
	 */
	Optional<TrialJob> claimNext(String owner, Instant now, Instant leaseUntil, Capability capability);

	/**
	 * What a worker can serve: its engine ({@code nd4j}, {@code torch}) and whether it trains on a GPU. It takes trials
	 * that asked for its engine or {@code auto}, and for a device it has or {@code auto}.
	 */
	record Capability(String engine, boolean gpu) {
	}

	/** Notes that a worker asked for work now (for the accept-time check that some worker can serve a GPU trial). */
	void recordWorker(String name, Capability capability, String device, Instant now);

	/** Whether a worker with this capability asked for work after {@code since}. */
	boolean workerSeen(Capability capability, Instant since);

	/** What a heartbeat found: the lease still held, held with a cancel requested, or lost (the trial was taken back). */
	enum Lease {

		HELD, CANCEL_REQUESTED, LOST

	}

	/** Extends the lease and records progress, and says whether the owner still holds it and whether to stop. */
	Lease heartbeat(String id, String owner, int step, Instant leaseUntil, String resultJson, String device);

	/** Ends a trial the owner holds. */
	boolean finish(String id, String owner, TrialStatus status, Instant now, String resultJson, @Nullable String error);

	/** Puts a running trial back in the queue (graceful shutdown). */
	boolean release(String id, String owner);

	/** Cancels a queued trial outright, or flags a running one; false when it is already over. */
	boolean cancel(String id, Instant now);

	/** Requeues trials whose lease expired (or fails them after {@code maxAttempts}); returns how many. */
	int recoverExpired(Instant now, int maxAttempts);

}
