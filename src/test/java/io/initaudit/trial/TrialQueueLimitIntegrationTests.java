package io.initaudit.trial;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import io.initaudit.HttpIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A full queue answers 429 with Retry-After (an instance without workers, queue depth 2).
 */
@TestPropertySource(properties = { "initaudit.trial.worker-enabled=false", "initaudit.trial.max-queue=2",
		"spring.datasource.url=jdbc:h2:mem:queue-limit;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1" })
class TrialQueueLimitIntegrationTests extends HttpIntegrationTest {

	@Test
	void aFullQueueIs429WithRetryAfter() {
		String body = TrialIntegrationTests.mlp("torch.nn.init.kaiming_normal_(w, nonlinearity='relu')", "adam", 1e-3, 5);
		assertThat(post("/api/v1/trials", body).statusCode()).isEqualTo(202);
		assertThat(post("/api/v1/trials", body).statusCode()).isEqualTo(202);
		HttpResponse<String> full = post("/api/v1/trials", body);
		assertThat(full.statusCode()).isEqualTo(429);
		assertThat(full.headers().firstValue("Retry-After")).hasValue("30");
		assertThat(json(full).get("title").asString()).isEqualTo("Trial queue full");
		// Queued trials are cancelled at once, which frees the queue.
		String id = json(get("/api/v1/trials")).get("items").get(0).get("id").asString();
		assertThat(json(send(HttpRequest.newBuilder(uri("/api/v1/trials/" + id)).DELETE().build())).get("status").asString())
			.isEqualTo("cancelled");
		assertThat(post("/api/v1/trials", body).statusCode()).isEqualTo(202);
	}

}
