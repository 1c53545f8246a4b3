package io.initaudit.system.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Rate and concurrency limits on {@code /api/**} ({@code initaudit.rate-limit.*}); the actuator is never limited.
 *
 * @param enabled whether the limits apply
 * @param clientPerSecond requests per second a client address may sustain
 * @param clientBurst requests a client address may send at once after a quiet spell
 * @param keyPerSecond requests per second one API key may sustain, from any number of addresses
 * @param keyBurst requests one key may send at once
 * @param clientMaxInFlight requests of one client address being served at once (slow bodies hold a thread each)
 * @param maxTracked client addresses and keys tracked at once (least recently seen are forgotten first)
 */
@ConfigurationProperties("initaudit.rate-limit")
public record RateLimitSettings(@DefaultValue("true") boolean enabled, @DefaultValue("200") int clientPerSecond, @DefaultValue("400") int clientBurst,
		@DefaultValue("400") int keyPerSecond, @DefaultValue("800") int keyBurst, @DefaultValue("32") int clientMaxInFlight,
		@DefaultValue("100000") int maxTracked) {
}
