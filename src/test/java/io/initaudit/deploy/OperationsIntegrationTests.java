package io.initaudit.deploy;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import io.initaudit.ApiIntegrationTests;
import io.initaudit.HttpIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Operations: API keys, request ids, Prometheus metrics.
 */
@TestPropertySource(properties = { "initaudit.api-keys=k1,k2", "initaudit.trial.worker-enabled=false",
		"spring.datasource.url=jdbc:h2:mem:ops;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1" })
class OperationsIntegrationTests extends HttpIntegrationTest {

	HttpResponse<String> audit(String header, String value) {
		HttpRequest.Builder b = HttpRequest.newBuilder(uri("/api/v1/audits")).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(ApiIntegrationTests.DEPTHWISE_BUG));
		if (header != null) {
			b.header(header, value);
		}
		return send(b.build());
	}

	@Test
	void apiKeysGuardTheApiOnly() {
		HttpResponse<String> none = audit(null, null);
		assertThat(none.statusCode()).isEqualTo(401);
		assertThat(none.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
		JsonNode problem = json(none);
		assertThat(problem.get("status").asInt()).isEqualTo(401);
		assertThat(problem.get("title").asString()).isEqualTo("Unauthorized");
		assertThat(problem.get("instance").asString()).isEqualTo("/api/v1/audits");
		assertThat(audit("X-API-Key", "wrong").statusCode()).isEqualTo(401);
		assertThat(audit("X-API-Key", "k2").statusCode()).isEqualTo(201);
		assertThat(audit("Authorization", "Bearer k1").statusCode()).isEqualTo(201);
		assertThat(get("/").statusCode()).isEqualTo(200);
		assertThat(get("/actuator/health").statusCode()).isEqualTo(200);
	}

	@Test
	void requestIdsAreEchoedAndMetricsExported() {
		HttpResponse<String> r = audit("X-API-Key", "k1");
		assertThat(r.headers().firstValue("X-Request-Id")).isPresent();
		HttpResponse<String> mine = send(HttpRequest.newBuilder(uri("/api/v1/frameworks")).header("X-API-Key", "k1").header("X-Request-Id", "ci-42").build());
		assertThat(mine.headers().firstValue("X-Request-Id")).hasValue("ci-42");
		String metrics = get("/actuator/prometheus").body();
		assertThat(metrics).contains("initaudit_audits_total{verdict=\"fail\"}", "initaudit_findings_total{code=\"FAN_OUT_IGNORES_GROUPS\",severity=\"error\"}",
				"initaudit_trial_queue");
	}

}
