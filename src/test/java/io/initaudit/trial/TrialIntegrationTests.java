package io.initaudit.trial;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.initaudit.HttpIntegrationTest;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Real trials end to end over HTTP, on ND4J, with the worker of the running service.
 */
public class TrialIntegrationTests extends HttpIntegrationTest {

	@Autowired
	TrialJobs jobs;

	@Autowired
	TrialWorker worker;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TrialRunner runner;

	/**
	 * A worker's warm-up trains the bars example and stores nothing: no trial is queued, run or recorded. Expected:
	 * every step trained, and a falling loss (the bars task is learnt within a few hundred steps: bench/trial-ratio.sh
	 * ends near 0.4 from 2.3), the first 10 steps' mean above the last 10's.
	 */
	@Test
	void aWorkersWarmUpTrainsTheBarsExampleAndStoresNothing() {
		long before = this.jdbc.sql("select count(*) from trial_job").query(Long.class).single();
		Trainer.Run run = this.runner.warmUp(60);
		assertThat(run.losses()).hasSize(60);
		assertThat(run.stepsPerSecond()).isPositive();
		double first = run.losses().subList(0, 10).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
		double last = run.losses().subList(50, 60).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
		assertThat(last).isLessThan(first);
		assertThat(this.jdbc.sql("select count(*) from trial_job").query(Long.class).single()).isEqualTo(before);
	}

	public static String mlp(String init, String optimizer, double lr, int steps) {
		return mlp(init, optimizer, lr, steps, null);
	}

	/** @param intent what the std was meant to be (design/api.md §1), or {@code null}: the explicit std is what was meant */
	public static String mlp(String init, String optimizer, double lr, int steps, @Nullable Map<String, Object> intent) {
		List<Map<String, Object>> layers = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			Map<String, Object> layer = new LinkedHashMap<>(Map.of("name", "fc" + i, "type", "linear", "in_features", i == 0 ? 64 : 128,
					"out_features", 128, "activation", "relu", "init", init));
			if (intent != null) {
				layer.put("intent", intent);
			}
			layers.add(layer);
		}
		layers.add(Map.of("name", "head", "type", "linear", "in_features", 128, "out_features", 10));
		return JSON.writeValueAsString(Map.of("model", Map.of("name", "mlp6", "framework", "pytorch", "input", Map.of("shape", List.of(64)), "layers",
				layers), "task", Map.of("kind", "teacher-student", "classes", 10, "samples", 2048, "seed", 1), "optimizer",
				Map.of("name", optimizer, "learningRate", lr), "steps", steps, "batchSize", 64, "seed", 42));
	}

	JsonNode await(String location) throws InterruptedException {
		for (int i = 0; i < 600; i++) {
			JsonNode t = json(get(location));
			if (!t.get("status").asString().equals("queued") && !t.get("status").asString().equals("running")) {
				return t;
			}
			Thread.sleep(200);
		}
		throw new AssertionError("trial did not finish: " + get(location).body());
	}

	static JsonNode variant(JsonNode trial, String name) {
		for (JsonNode v : trial.get("variants")) {
			if (v.get("name").asString().equals(name)) {
				return v;
			}
		}
		throw new AssertionError("no variant " + name + " in " + trial);
	}

	@Test
	void sixLayerMlpDeclaredWithStdOneLosesToItsCorrectedInit() throws Exception {
		// normal_(std=1.0) alone intends std 1 (api.md §1); the intent says the user meant a variance-preserving init.
		HttpResponse<String> r = post("/api/v1/trials", mlp("torch.nn.init.normal_(w, std=1.0)", "sgd", 0.05, 100, Map.of("scheme", "he")));
		assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
		// Even queued, the trial says what it will run.
		assertThat(json(r).get("optimizer").asString()).isEqualTo("sgd(lr=0.05)");
		JsonNode t = await(r.headers().firstValue("Location").orElseThrow());
		assertThat(t.get("status").asString()).as(t.toString()).isEqualTo("succeeded");
		assertThat(t.get("device").asString()).startsWith("cpu");
		JsonNode declared = variant(t, "declared");
		JsonNode corrected = variant(t, "corrected");
		// std 1 on 128 inputs is 8× He's 0.125: the activations blow up by 8^6 and SGD at 0.05 diverges; He trains.
		assertThat(declared.get("diverged").asBoolean()).isTrue();
		assertThat(corrected.get("diverged").asBoolean()).isFalse();
		assertThat(corrected.get("finalLoss").asDouble()).isLessThan(corrected.get("initialLoss").asDouble());
		assertThat(corrected.get("losses")).hasSize(100);
		assertThat(t.get("conclusion").asString()).contains("corrected trains where declared does not");
	}

	@Test
	void convNetWithDepthwiseLayersTrainsOnSyntheticBars() throws Exception {
		String body = """
				{"model": {"name": "bars-cnn", "framework": "pytorch", "input": {"shape": [1, 16, 16]}, "layers": [
				  {"name": "conv", "type": "conv2d", "in_channels": 1, "out_channels": 16, "kernel_size": 3, "padding": 1, "activation": "relu",
				   "init": "torch.nn.init.kaiming_normal_(w, nonlinearity='relu')"},
				  {"name": "dw", "type": "conv2d", "in_channels": 16, "out_channels": 16, "kernel_size": 3, "padding": 1, "groups": 16,
				   "activation": "relu", "init": "torch.nn.init.kaiming_normal_(w, mode='fan_out', nonlinearity='relu')"},
				  {"name": "pw", "type": "conv2d", "in_channels": 16, "out_channels": 32, "kernel_size": 1, "activation": "relu",
				   "init": "torch.nn.init.kaiming_normal_(w, nonlinearity='relu')"},
				  {"name": "pool", "type": "global_avg_pool"},
				  {"name": "head", "type": "linear", "in_features": 32, "out_features": 10}]},
				 "task": {"kind": "synthetic-bars", "classes": 10, "samples": 4096, "seed": 1},
				 "optimizer": {"name": "sgd", "learningRate": 0.5}, "steps": 200, "batchSize": 64, "seed": 42}""";
		JsonNode t = await(post("/api/v1/trials", body).headers().firstValue("Location").orElseThrow());
		assertThat(t.get("status").asString()).as(t.toString()).isEqualTo("succeeded");
		JsonNode corrected = variant(t, "corrected");
		// Loss from ln(10) = 2.30 at least halved: the conv net learns the bar orientations.
		assertThat(corrected.get("initialLoss").asDouble()).isCloseTo(Math.log(10), within(0.3));
		assertThat(corrected.get("converged").asBoolean()).isTrue();
		assertThat(corrected.get("finalAccuracy").asDouble()).isGreaterThan(0.4);
		assertThat(corrected.get("stepsPerSecond").asDouble()).isPositive();
		// With SGD the depthwise fan_out bug (std ×1/4 on 16 channels) shows: the declared init ends higher.
		assertThat(variant(t, "declared").get("finalLoss").asDouble()).isGreaterThan(corrected.get("finalLoss").asDouble());
	}

	@Test
	void idempotencyKeyReturnsTheFirstTrial() {
		String body = mlp("torch.nn.init.kaiming_normal_(w, nonlinearity='relu')", "adam", 1e-3, 5);
		HttpResponse<String> first = send(HttpRequest.newBuilder(uri("/api/v1/trials")).header("Content-Type", "application/json")
			.header("Idempotency-Key", "once-" + System.nanoTime()).POST(HttpRequest.BodyPublishers.ofString(body)).build());
		String key = first.request().headers().firstValue("Idempotency-Key").orElseThrow();
		long before = this.jobs.count();
		HttpResponse<String> second = send(HttpRequest.newBuilder(uri("/api/v1/trials")).header("Content-Type", "application/json")
			.header("Idempotency-Key", key).POST(HttpRequest.BodyPublishers.ofString(body)).build());
		assertThat(second.statusCode()).isEqualTo(202);
		assertThat(json(second).get("id").asString()).isEqualTo(json(first).get("id").asString());
		assertThat(this.jobs.count()).isEqualTo(before);
	}

	@Test
	void cancelStopsATrial() throws Exception {
		HttpResponse<String> r = post("/api/v1/trials", mlp("torch.nn.init.kaiming_normal_(w, nonlinearity='relu')", "adam", 1e-3, 2000));
		String location = r.headers().firstValue("Location").orElseThrow();
		Thread.sleep(1500);
		HttpResponse<String> cancelled = send(HttpRequest.newBuilder(uri(location)).DELETE().build());
		assertThat(cancelled.statusCode()).isEqualTo(200);
		JsonNode t = await(location);
		assertThat(t.get("status").asString()).isEqualTo("cancelled");
		assertThat(t.get("progress").get("step").asInt()).isLessThan(4000);
	}

	@Test
	void aTrialWhoseWorkerVanishedDoesNotStayRunning() {
		// A worker claimed two trials and died (a restart): their leases expired ten minutes ago.
		Timestamp past = Timestamp.from(Instant.now().minusSeconds(600));
		String spec = mlp("torch.nn.init.kaiming_normal_(w, nonlinearity='relu')", "adam", 1e-3, 3);
		String lost = "lost-" + System.nanoTime();
		String dead = "dead-" + System.nanoTime();
		for (String[] row : new String[][] { { lost, "1" }, { dead, "3" } }) {
			this.jdbc.sql("""
					insert into trial_job (id, status, spec, model_name, created_at, total_steps, lease_owner, lease_until, attempts, started_at)
					values (:id, 'RUNNING', :spec, 'mlp6', :t, 6, 'ghost', :t, :attempts, :t)""")
				.param("id", row[0])
				.param("spec", spec)
				.param("t", past)
				.param("attempts", Integer.parseInt(row[1]))
				.update();
		}
		this.worker.recover();
		TrialJob requeued = this.jobs.findById(lost).orElseThrow();
		// Back in the queue, or already taken again by this service's live worker: never left to the ghost.
		assertThat(requeued.leaseOwner()).isNotEqualTo("ghost");
		assertThat(requeued.status() == TrialStatus.QUEUED || this.worker.owner().equals(requeued.leaseOwner())
				|| requeued.status().isTerminal()).isTrue();
		TrialJob failed = this.jobs.findById(dead).orElseThrow();
		assertThat(failed.status()).isEqualTo(TrialStatus.FAILED);
		assertThat(failed.error()).contains("worker was lost");
	}

	@Test
	void eventsStreamProgressAndLossesUntilDone() throws Exception {
		String location = post("/api/v1/trials", mlp("torch.nn.init.kaiming_normal_(w, nonlinearity='relu')", "adam", 1e-3, 30)).headers()
			.firstValue("Location").orElseThrow();
		HttpResponse<InputStream> stream = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(uri(location + "/events")).timeout(Duration.ofMinutes(3)).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
		assertThat(stream.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
		List<String> events = new ArrayList<>();
		try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = reader.readLine()) != null) {
				if (line.startsWith("event:")) {
					events.add(line.substring(6).strip());
					if (line.contains("done")) {
						break;
					}
				}
			}
		}
		assertThat(events).contains("progress", "loss", "done");
		assertThat(events.stream().filter(e -> e.equals("loss")).count()).isEqualTo(60);
	}

	@Test
	void gpuWhereNoneServesIs422AndBadRequestsAre400() {
		String gpu = mlp("torch.nn.init.kaiming_normal_(w)", "adam", 1e-3, 5).replace("\"seed\":42", "\"seed\":42,\"device\":\"gpu\"");
		JsonNode p = json(post("/api/v1/trials", gpu));
		assertThat(p.get("status").asInt()).isEqualTo(422);
		assertThat(p.get("pointer").asString()).isEqualTo("/device");
		assertThat(json(post("/api/v1/trials", "{\"model\": {\"layers\": [{\"type\": \"relu\"}]}}")).get("pointer").asString())
			.isEqualTo("/model/input/shape");
		assertThat(json(post("/api/v1/trials", mlp("x", "lbfgs", 1e-3, 5))).get("pointer").asString()).isEqualTo("/optimizer/name");
		String wrongClasses = mlp("torch.nn.init.kaiming_normal_(w)", "adam", 1e-3, 5).replace("\"classes\":10", "\"classes\":3");
		assertThat(json(post("/api/v1/trials", wrongClasses)).get("pointer").asString()).isEqualTo("/task/classes");
		assertThat(get("/api/v1/trials/nope").statusCode()).isEqualTo(404);
	}

}
