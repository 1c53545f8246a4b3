package io.initaudit.trial;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Trial limits and workers ({@code initaudit.trial.*}).
 *
 * @param workerEnabled whether this instance takes trials from the queue (API-only instances set false)
 * @param workers trials this instance runs at once
 * @param maxQueue queued plus running trials accepted; more get 429
 * @param maxSteps steps per variant at most
 * @param maxBatchSize batch size at most
 * @param maxSamples task samples at most
 * @param maxVariants variants per trial at most
 * @param maxParameters parameters of a trained network at most
 * @param maxSecondsPerVariant wall time per variant; a variant that runs out stops and is reported as it is
 * @param leaseSeconds how long a worker's claim lasts without a heartbeat
 * @param maxAttempts how many times a trial whose worker was lost is retried before it fails
 * @param pollMillis how often an idle worker looks at the queue
 * @param warmUpSteps steps of the default trial (the bars example, Adam) each worker thread trains once before it
 *        takes trials, so that JIT compilation and the native libraries' first-call costs are paid once per worker, not
 *        by the first trial (0: no warm-up)
 */
@ConfigurationProperties("initaudit.trial")
public record TrialSettings(@DefaultValue("true") boolean workerEnabled, @DefaultValue("1") int workers, @DefaultValue("20") int maxQueue,
		@DefaultValue("2000") int maxSteps, @DefaultValue("256") int maxBatchSize, @DefaultValue("20000") int maxSamples,
		@DefaultValue("6") int maxVariants, @DefaultValue("5000000") long maxParameters, @DefaultValue("300") int maxSecondsPerVariant,
		@DefaultValue("60") int leaseSeconds, @DefaultValue("3") int maxAttempts, @DefaultValue("500") long pollMillis,
		@DefaultValue("400") int warmUpSteps) {
}
