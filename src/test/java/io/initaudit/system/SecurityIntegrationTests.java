package io.initaudit.system;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import io.initaudit.ApiIntegrationTests;
import io.initaudit.HttpIntegrationTest;
import io.initaudit.RawHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Access by the book, against the running service with API and worker keys: no spelling of a path gets past the
 * key check, worker keys reach only the worker endpoints, every response carries the security headers, CORS only for
 * the configured origin, and keys never reach the log.
 */
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(properties = { "initaudit.api-keys=api-7f3c9e21d4", "initaudit.worker-keys=worker-0b8d52aa16", "initaudit.trial.worker-enabled=false",
		"initaudit.cors-allowed-origins=https://dash.example", "initaudit.public-metrics=false",
		"spring.datasource.url=jdbc:h2:mem:security;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1" })
class SecurityIntegrationTests extends HttpIntegrationTest {

	static final String API_KEY = "api-7f3c9e21d4";

	static final String WORKER_KEY = "worker-0b8d52aa16";

	static final Map<String, String> JSON_BODY = Map.of("Content-Type", "application/json");

	/**
	 * Spellings of API paths that a router or a container may decode, strip or fold differently than a filter that
	 * reads the raw URI (the bypass of issue #13: ";" parameters and percent-encoded letters answered 2xx without a key).
	 */
	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "/api/v1/audits", "/api;x=1/v1/audits", "/api/v1;x=1/audits", "/api/v1/audits;jsessionid=1", "/%61pi/v1/audits",
			"/ap%69/v1/audits", "/api/v1/%61udits", "//api/v1/audits", "/api//v1/audits", "/api/./v1/audits", "/api/v1/../v1/audits",
			"/api/v1/..;/v1/audits", "/api/v1/%2e%2e/v1/audits", "/api%2Fv1/audits", "/api%2fv1%2faudits", "/api/v1/audits%00", "/API/v1/audits",
			"/Api/V1/Audits", "/api/v1/audits/", "/api/v1/audits?x=/docs/findings", "/docs/../api/v1/audits", "/docs/..;/api/v1/audits",
			"/css/%2e%2e/api/v1/audits", "/api\\v1\\audits", "/api/v1/audits%3Bx=1", "/api/v1/trials", "/%61pi/v1/trials", "/api;/v1/trials" })
	void noSpellingOfAnApiPathGetsPastTheKeyCheck(String path) {
		for (String method : List.of("POST", "GET", "DELETE")) {
			RawHttp.Response r = RawHttp.send(this.port, method, path, JSON_BODY, method.equals("POST") ? ApiIntegrationTests.DEPTHWISE_BUG : "");
			assertThat(r.status()).as(method + " " + path + "\n" + r.head()).isIn(400, 401, 404, 405);
		}
	}

	@Test
	void theSameRequestsPassWithAKey() {
		RawHttp.Response r = RawHttp.send(this.port, "POST", "/api/v1/audits", Map.of("Content-Type", "application/json", "X-API-Key", API_KEY),
				ApiIntegrationTests.DEPTHWISE_BUG);
		assertThat(r.status()).isEqualTo(201);
		assertThat(RawHttp.send(this.port, "GET", "/api/v1/frameworks", Map.of("Authorization", "Bearer " + API_KEY), "").status()).isEqualTo(200);
		assertThat(RawHttp.send(this.port, "GET", "/api/v1/frameworks", Map.of("X-API-Key", API_KEY + "x"), "").status()).isEqualTo(401);
	}

	@Test
	void aRejectedSpellingIsAProblemDocument() {
		RawHttp.Response r = RawHttp.send(this.port, "GET", "/api;x=1/v1/frameworks", Map.of("X-API-Key", API_KEY), "");
		assertThat(r.status()).isEqualTo(400);
		assertThat(r.head()).containsIgnoringCase("Content-Type: application/problem+json");
		assertThat(r.body()).contains("not in normal form");
	}

	@Test
	void workerKeysReachOnlyTheWorkerEndpoints() {
		assertThat(RawHttp.send(this.port, "POST", "/api/v1/audits", Map.of("Content-Type", "application/json", "X-API-Key", WORKER_KEY),
				ApiIntegrationTests.DEPTHWISE_BUG).status()).isEqualTo(403);
		assertThat(RawHttp.send(this.port, "GET", "/api/v1/trials", Map.of("X-API-Key", WORKER_KEY), "").status()).isEqualTo(403);
		assertThat(RawHttp.send(this.port, "GET", "/api/v1/audits", Map.of("X-API-Key", WORKER_KEY), "").status()).isEqualTo(403);
		// An API key is not a worker key.
		assertThat(RawHttp.send(this.port, "POST", "/api/v1/workers/lease", Map.of("Content-Type", "application/json", "X-API-Key", API_KEY), "{}")
			.status()).isEqualTo(403);
		assertThat(RawHttp.send(this.port, "POST", "/api/v1/workers/lease", JSON_BODY, "{}").status()).isEqualTo(401);
	}

	@Test
	void theDashboardDocsAndHealthStayOpenAndMetricsFollowTheSetting() {
		assertThat(get("/").statusCode()).isEqualTo(200);
		assertThat(get("/js/dashboard.js").statusCode()).isEqualTo(200);
		assertThat(get("/docs/findings/FAN_OUT_IGNORES_GROUPS").statusCode()).isEqualTo(200);
		assertThat(get("/v3/api-docs").statusCode()).isEqualTo(200);
		assertThat(get("/actuator/health/liveness").statusCode()).isEqualTo(200);
		assertThat(get("/actuator/prometheus").statusCode()).isEqualTo(401);
		assertThat(get("/no-such-page").statusCode()).isEqualTo(401);
	}

	@Test
	void everyResponseCarriesTheSecurityHeaders() {
		for (HttpResponse<String> r : List.of(get("/"), get("/api/v1/frameworks"),
				send(HttpRequest.newBuilder(uri("/api/v1/frameworks")).header("X-API-Key", API_KEY).build()))) {
			assertThat(r.headers().firstValue("Content-Security-Policy").orElse("")).contains("default-src 'self'", "frame-ancestors 'none'",
					"script-src 'self'");
			assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
			assertThat(r.headers().firstValue("X-Frame-Options")).hasValue("DENY");
			assertThat(r.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
		}
	}

	@Test
	void corsOnlyForTheConfiguredOrigin() {
		HttpResponse<String> allowed = send(HttpRequest.newBuilder(uri("/api/v1/audits")).method("OPTIONS", HttpRequest.BodyPublishers.noBody())
			.header("Origin", "https://dash.example").header("Access-Control-Request-Method", "POST")
			.header("Access-Control-Request-Headers", "content-type,x-api-key").build());
		assertThat(allowed.statusCode()).isEqualTo(200);
		assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://dash.example");
		HttpResponse<String> other = send(HttpRequest.newBuilder(uri("/api/v1/audits")).method("OPTIONS", HttpRequest.BodyPublishers.noBody())
			.header("Origin", "https://evil.example").header("Access-Control-Request-Method", "POST").build());
		assertThat(other.statusCode()).isEqualTo(403);
		assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
	}

	@Test
	void aBodyDeclaredAsSomethingElseIs415() {
		for (String type : List.of("text/plain", "application/x-www-form-urlencoded", "application/xml", "multipart/form-data; boundary=x", "nonsense")) {
			RawHttp.Response r = RawHttp.send(this.port, "POST", "/api/v1/audits", Map.of("Content-Type", type, "X-API-Key", API_KEY),
					ApiIntegrationTests.DEPTHWISE_BUG);
			assertThat(r.status()).as(type).isEqualTo(415);
		}
		assertThat(RawHttp.send(this.port, "POST", "/api/v1/audits", Map.of("Content-Type", "application/json; charset=utf-8", "X-API-Key", API_KEY),
				ApiIntegrationTests.DEPTHWISE_BUG).status()).isEqualTo(201);
	}

	@Test
	void keysNeverReachTheLog(CapturedOutput output) {
		RawHttp.send(this.port, "GET", "/api/v1/frameworks", Map.of("X-API-Key", API_KEY), "");
		RawHttp.send(this.port, "GET", "/api/v1/frameworks", Map.of("X-API-Key", "wrong-" + API_KEY), "");
		RawHttp.send(this.port, "GET", "/api/v1/trials", Map.of("X-API-Key", WORKER_KEY), "");
		assertThat(output.getAll()).doesNotContain(API_KEY, WORKER_KEY);
	}

}
