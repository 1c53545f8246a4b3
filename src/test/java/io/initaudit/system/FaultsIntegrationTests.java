package io.initaudit.system;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.initaudit.ApiIntegrationTests;
import io.initaudit.HttpIntegrationTest;
import io.initaudit.PostgresDatabase;
import io.initaudit.audit.AuditManagement;
import io.initaudit.trial.TrialIntegrationTests;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Faults and bounds against a real PostgreSQL, as an operator meets them: the queue limit under concurrent
 * submissions, names and shapes the stores cannot hold, Idempotency-Key reuse, the lease sweeper of an API-only
 * instance, report retention, and a database that goes away mid-run (503 with Retry-After within seconds, readiness
 * down, then recovery without a restart). The service connects as a role of its own, so the test can lock it out.
 */
@TestPropertySource(properties = { "initaudit.trial.worker-enabled=false", "initaudit.trial.max-queue=20", "initaudit.rate-limit.client-max-in-flight=200",
		"initaudit.rate-limit.client-burst=1000", "initaudit.audit.retention-max-count=3", "spring.datasource.hikari.maximum-pool-size=8" })
class FaultsIntegrationTests extends HttpIntegrationTest {

	static final PostgresDatabase DB = PostgresDatabase.get();

	static final String SCHEMA = PostgresDatabase.newSchema("initaudit_faults_");

	/** The service's own role: the schema's owner, locked out and let back in by the database-loss test. */
	static final String ROLE = SCHEMA + "_svc";

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) throws SQLException {
		admin("create role " + ROLE + " login password 'faults'", "create schema " + SCHEMA + " authorization " + ROLE);
		registry.add("spring.datasource.url", () -> DB.url() + (DB.url().contains("?") ? "&" : "?") + "currentSchema=" + SCHEMA);
		registry.add("spring.datasource.username", () -> ROLE);
		registry.add("spring.datasource.password", () -> "faults");
		registry.add("spring.flyway.schemas", () -> SCHEMA);
	}

	@AfterAll
	static void drop() throws SQLException {
		admin("alter role " + ROLE + " login", "select pg_terminate_backend(pid) from pg_stat_activity where usename = '" + ROLE + "'",
				"drop schema if exists " + SCHEMA + " cascade", "drop role if exists " + ROLE);
	}

	static void admin(String... statements) throws SQLException {
		try (Connection c = DriverManager.getConnection(DB.url(), DB.username(), DB.password()); Statement s = c.createStatement()) {
			for (String sql : statements) {
				s.execute(sql);
			}
		}
	}

	@Autowired
	JdbcClient jdbc;

	@Autowired
	AuditManagement audits;

	@BeforeEach
	void emptyTables() {
		this.jdbc.sql("delete from trial_job").update();
		this.jdbc.sql("delete from audit_report").update();
	}

	@Test
	void theQueueLimitHoldsUnderConcurrentSubmissions() throws Exception {
		String body = TrialIntegrationTests.mlp("torch.nn.init.kaiming_normal_(w, nonlinearity='relu')", "adam", 1e-3, 5);
		ExecutorService pool = Executors.newFixedThreadPool(60);
		List<Callable<Integer>> calls = new ArrayList<>();
		for (int i = 0; i < 60; i++) {
			calls.add(() -> post("/api/v1/trials", body).statusCode());
		}
		List<Integer> statuses = new ArrayList<>();
		for (Future<Integer> f : pool.invokeAll(calls)) {
			statuses.add(f.get());
		}
		pool.shutdown();
		assertThat(statuses.stream().filter(s -> s == 202).count()).isEqualTo(20);
		assertThat(statuses.stream().filter(s -> s == 429).count()).isEqualTo(40);
		assertThat(this.jdbc.sql("select count(*) from trial_job").query(Long.class).single()).isEqualTo(20);
	}

	@Test
	void namesAndShapesTheStoresCannotHoldAre400NamingTheField() {
		assertThat(pointer(audit(named("x".repeat(201))))).isEqualTo("/name");
		assertThat(pointer(audit(named("x".repeat(4096))))).isEqualTo("/name");
		assertThat(pointer(audit(named("conv\u0000net")))).isEqualTo("/name");
		assertThat(pointer(audit(named("tab\there")))).isEqualTo("/name");
		assertThat(audit(named("x".repeat(200))).statusCode()).isEqualTo(201);
		String huge = """
				{"name": "huge", "framework": "pytorch", "input": {"shape": [16777216, 16777216, 16777216]},
				 "layers": [{"name": "f", "type": "flatten"}, {"name": "fc", "type": "linear", "out_features": 2}]}""";
		assertThat(pointer(post("/api/v1/audits", huge))).isEqualTo("/input/shape");
		String layerName = ApiIntegrationTests.DEPTHWISE_BUG.replaceFirst("\"name\": \"([^\"]+)\",( *)\"type\"", "\"name\": \"a\\\\u0000b\",$2\"type\"");
		HttpResponse<String> nul = post("/api/v1/audits", layerName);
		assertThat(nul.statusCode()).as(nul.body()).isEqualTo(400);
		assertThat(pointer(nul)).endsWith("/name");
	}

	@Test
	void anIdempotencyKeyWithAnotherBodyIs422AndTheSameBodyInAnyOrderReplays() {
		String body = TrialIntegrationTests.mlp("torch.nn.init.kaiming_normal_(w, nonlinearity='relu')", "adam", 1e-3, 5);
		String key = "key-" + UUID.randomUUID();
		HttpResponse<String> first = trial(body, key);
		assertThat(first.statusCode()).isEqualTo(202);
		ObjectNode reordered = JSON.createObjectNode();
		List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(JSON.readTree(body).properties());
		for (int i = fields.size() - 1; i >= 0; i--) {
			reordered.set(fields.get(i).getKey(), fields.get(i).getValue());
		}
		HttpResponse<String> again = trial(reordered.toString(), key);
		assertThat(again.statusCode()).isEqualTo(202);
		assertThat(again.headers().firstValue("Location")).isEqualTo(first.headers().firstValue("Location"));
		HttpResponse<String> other = trial(body.replace("\"steps\":5", "\"steps\":6"), key);
		assertThat(other.statusCode()).as(other.body()).isEqualTo(422);
		assertThat(json(other).get("title").asString()).isEqualTo("Idempotency-Key reused");
	}

	@Test
	void anApiOnlyInstanceRequeuesATrialWhoseWorkerVanished() throws Exception {
		String id = UUID.randomUUID().toString();
		this.jdbc.sql("""
				insert into trial_job (id, status, spec, model_name, created_at, started_at, step, total_steps, lease_owner, lease_until, attempts)
				values (:id, 'RUNNING', '{}', 'm', :t, :t, 3, 10, 'worker-gone', :t, 1)""").param("id", id).param("t", Timestamp.from(Instant.now().minusSeconds(120))).update();
		long deadline = System.currentTimeMillis() + 15_000;
		String status = "RUNNING";
		while (status.equals("RUNNING") && System.currentTimeMillis() < deadline) {
			Thread.sleep(250);
			status = this.jdbc.sql("select status from trial_job where id = :id").param("id", id).query(String.class).single();
		}
		assertThat(status).isEqualTo("QUEUED");
	}

	@Test
	void retentionKeepsTheNewestAndStoreFalseKeepsNothing() {
		List<String> locations = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			locations.add(audit(named("r" + i)).headers().firstValue("Location").orElseThrow());
		}
		assertThat(this.audits.applyRetention()).isEqualTo(2);
		assertThat(this.audits.count()).isEqualTo(3);
		assertThat(get(locations.get(0)).statusCode()).isEqualTo(404);
		assertThat(get(locations.get(4)).statusCode()).isEqualTo(200);
		HttpResponse<String> unstored = post("/api/v1/audits?store=false", ApiIntegrationTests.DEPTHWISE_BUG);
		assertThat(unstored.statusCode()).isEqualTo(200);
		assertThat(unstored.headers().firstValue("Location")).isEmpty();
		assertThat(json(unstored).get("verdict").asString()).isEqualTo("fail");
		assertThat(this.audits.count()).isEqualTo(3);
	}

	@Test
	void aLostDatabaseIs503WithRetryAfterThenRecoversWithoutRestart() throws Exception {
		assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(200);
		try {
			admin("alter role " + ROLE + " nologin", "select pg_terminate_backend(pid) from pg_stat_activity where usename = '" + ROLE + "'");
			long t = System.nanoTime();
			HttpResponse<String> down = post("/api/v1/audits", ApiIntegrationTests.DEPTHWISE_BUG);
			long millis = (System.nanoTime() - t) / 1_000_000;
			assertThat(down.statusCode()).as(down.body()).isEqualTo(503);
			assertThat(down.headers().firstValue("Retry-After")).hasValue("5");
			// Bound: the pool's connection timeout (2 s) plus one validation (1 s), with room for a loaded machine.
			assertThat(millis).as("time to the 503, ms").isLessThan(6_000);
			assertThat(get("/api/v1/audits").statusCode()).isEqualTo(503);
			assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(503);
			assertThat(get("/actuator/health/liveness").statusCode()).isEqualTo(200);
		}
		finally {
			admin("alter role " + ROLE + " login");
		}
		long deadline = System.currentTimeMillis() + 30_000;
		int status = 0;
		while (status != 201 && System.currentTimeMillis() < deadline) {
			status = post("/api/v1/audits", ApiIntegrationTests.DEPTHWISE_BUG).statusCode();
			assertThat(status).isIn(201, 503);
			if (status != 201) {
				Thread.sleep(500);
			}
		}
		assertThat(status).isEqualTo(201);
		assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(200);
	}

	private HttpResponse<String> audit(String body) {
		return post("/api/v1/audits", body);
	}

	private HttpResponse<String> trial(String body, String key) {
		return send(HttpRequest.newBuilder(uri("/api/v1/trials")).header("Content-Type", "application/json").header("Idempotency-Key", key)
			.POST(HttpRequest.BodyPublishers.ofString(body)).build());
	}

	private static String named(String name) {
		ObjectNode m = (ObjectNode) JSON.readTree(ApiIntegrationTests.DEPTHWISE_BUG);
		m.put("name", name);
		return m.toString();
	}

	private static String pointer(HttpResponse<String> r) {
		assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
		return json(r).get("pointer").asString();
	}

}
