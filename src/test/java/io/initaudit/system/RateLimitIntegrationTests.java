package io.initaudit.system;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import io.initaudit.HttpIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Token buckets per client and per key: a burst beyond them is 429 with Retry-After, health probes never are.
 * Limits set low here (5 requests at once, 1 a second) so a short burst tells.
 */
@TestPropertySource(properties = { "initaudit.api-keys=rl-key-1", "initaudit.trial.worker-enabled=false", "initaudit.rate-limit.client-per-second=1",
		"initaudit.rate-limit.client-burst=5", "initaudit.rate-limit.key-per-second=1", "initaudit.rate-limit.key-burst=3",
		"spring.datasource.url=jdbc:h2:mem:ratelimit;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1" })
class RateLimitIntegrationTests extends HttpIntegrationTest {

	@Test
	void aBurstBeyondTheBucketsIs429WithRetryAfterAndHealthIsNeverLimited() {
		List<HttpResponse<String>> answers = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			answers.add(send(HttpRequest.newBuilder(uri("/api/v1/frameworks")).header("X-API-Key", "rl-key-1").build()));
		}
		// The key's bucket (3) empties before the client's (5): requests 4 to 8 are refused.
		assertThat(answers.stream().filter(r -> r.statusCode() == 200).count()).isBetween(3L, 4L);
		HttpResponse<String> refused = answers.get(answers.size() - 1);
		assertThat(refused.statusCode()).isEqualTo(429);
		assertThat(Integer.parseInt(refused.headers().firstValue("Retry-After").orElse("0"))).isBetween(1, 2);
		assertThat(refused.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
		for (int i = 0; i < 20; i++) {
			assertThat(get("/actuator/health/liveness").statusCode()).isEqualTo(200);
		}
	}

}
