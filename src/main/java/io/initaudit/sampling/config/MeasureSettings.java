package io.initaudit.sampling.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Bounds on measurement ({@code initaudit.measure.*}).
 *
 * @param maxSamples values sampled per parameter at most (the cap reported in responses)
 * @param maxConcurrent measurements running at once; more wait up to {@code queueTimeoutSeconds}, then get 503
 * @param queueTimeoutSeconds how long a request waits for a measurement slot
 * @param maxParameters parameters a measured or propagated network may have
 * @param maxActivationBytes activation memory a propagation may need (forward and backward)
 * @param maxBatchSize largest propagation batch
 */
@ConfigurationProperties("initaudit.measure")
public record MeasureSettings(@DefaultValue("1000000") int maxSamples, @DefaultValue("2") int maxConcurrent,
		@DefaultValue("30") int queueTimeoutSeconds, @DefaultValue("50000000") long maxParameters,
		@DefaultValue("1610612736") long maxActivationBytes, @DefaultValue("64") int maxBatchSize) {
}
