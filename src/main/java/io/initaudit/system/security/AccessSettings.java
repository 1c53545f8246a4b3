package io.initaudit.system.security;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may call the service ({@code initaudit.*}).
 *
 * @param apiKeys keys that may use the whole API ({@code INITAUDIT_API_KEYS}, comma-separated); none: the API is open
 * @param workerKeys keys of remote trial workers: they may lease, heartbeat and report trials under
 * {@code /api/v1/workers/**}, nothing else ({@code INITAUDIT_WORKER_KEYS})
 * @param publicMetrics whether {@code /actuator/prometheus} is readable without a key
 * @param corsAllowedOrigins origins whose browser pages may call the API; none: same origin only
 */
@ConfigurationProperties("initaudit")
public record AccessSettings(@DefaultValue List<String> apiKeys, @DefaultValue List<String> workerKeys, @DefaultValue("true") boolean publicMetrics,
		@DefaultValue List<String> corsAllowedOrigins) {

	public AccessSettings {
		apiKeys = apiKeys.stream().map(String::strip).filter(k -> !k.isEmpty()).toList();
		workerKeys = workerKeys.stream().map(String::strip).filter(k -> !k.isEmpty()).toList();
		corsAllowedOrigins = corsAllowedOrigins.stream().map(String::strip).filter(o -> !o.isEmpty()).toList();
	}

	/** No key configured: every request is allowed (the default of {@code mvn spring-boot:run}). */
	public boolean open() {
		return this.apiKeys.isEmpty() && this.workerKeys.isEmpty();
	}

}
