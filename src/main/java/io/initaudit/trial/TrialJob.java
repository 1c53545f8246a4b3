package io.initaudit.trial;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A trial as stored: its spec (JSON), its state and what it produced so far.
 *
 * @param result JSON of {@link TrialResult}, written as the trial progresses
 * @param engine the engine the trial may run on: {@code auto}, {@code nd4j} or {@code torch}
 * @param deviceRequest the device it asked for: {@code auto}, {@code cpu} or {@code gpu}
 */
public record TrialJob(String id, @Nullable String idempotencyKey, TrialStatus status, String spec, String modelName, Instant createdAt,
		@Nullable Instant startedAt, @Nullable Instant finishedAt, int step, int totalSteps, @Nullable String device, @Nullable String result,
		@Nullable String error, @Nullable String leaseOwner, @Nullable Instant leaseUntil, int attempts, boolean cancelRequested, String engine, String deviceRequest) {
}
