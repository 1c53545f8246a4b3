package io.initaudit.trial;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.initaudit.HttpIntegrationTest;
import io.initaudit.PostgresDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Percentage.withPercentage;

/**
 * The remote worker protocol on a real PostgreSQL, over real HTTP with real keys: lease, heartbeat, cancel on the
 * heartbeat's answer, expiry and re-queue, result, and what a worker key may not do; then the PyTorch worker
 * (clients/python/initaudit_worker, torch on CPU from .ci/python) runs a trial submitted over the API, its losses
 * reach the SSE stream, and it agrees with the same trial on the service's ND4J workers. In-process ND4J workers of
 * this context only start for the cross-engine test (they are off: it runs its ND4J half through TrialRunner).
 */
@TestPropertySource(properties = { "initaudit.api-keys=api-4c1d0e", "initaudit.worker-keys=worker-9a7b3f", "initaudit.trial.worker-enabled=false",
		"initaudit.rate-limit.enabled=false" })
class RemoteWorkerIntegrationTests extends HttpIntegrationTest {

	static final String API = "api-4c1d0e";

	static final String WORKER = "worker-9a7b3f";

	static final String SCHEMA = PostgresDatabase.newSchema("initaudit_workers_");

	/** For the SSE stream, read line by line. */
	private static final HttpClient STREAMS = HttpClient.newHttpClient();

	static final PostgresDatabase DB = PostgresDatabase.get();

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) {
		DB.register(registry, SCHEMA);
	}

	@AfterAll
	static void dropSchema() throws Exception {
		DB.dropSchema(SCHEMA);
	}

	@Autowired
	TrialRunner runner;

	@Autowired
	TrialJobs jobs;

	@Autowired
	TrialWorker sweeper;

	@Test
	void leaseHeartbeatCancelAndResult() throws Exception {
		String id = submit(trial("torch", 20));
		// A worker key cannot submit trials or read reports; an API key cannot lease.
		assertThat(call("POST", "/api/v1/trials", WORKER, trial("torch", 20)).statusCode()).isEqualTo(403);
		assertThat(call("GET", "/api/v1/audits", WORKER, null).statusCode()).isEqualTo(403);
		assertThat(call("POST", "/api/v1/workers/lease", API, worker("w1", 60)).statusCode()).isEqualTo(403);
		HttpResponse<String> leased = call("POST", "/api/v1/workers/lease", WORKER, worker("w1", 60));
		assertThat(leased.statusCode()).isEqualTo(200);
		JsonNode job = json(leased);
		assertThat(job.get("id").asString()).isEqualTo(id);
		assertThat(job.at("/variants/0/name").asString()).isEqualTo("declared");
		// The declared variant carries the user's torch.nn.init call as data; the corrected one only a law.
		JsonNode dw = param(job.at("/variants/0/parameters"), "dw", "weight");
		assertThat(dw.at("/call/function").asString()).isEqualTo("kaiming_normal_");
		assertThat(dw.at("/call/kwargs/mode").asString()).isEqualTo("fan_out");
		assertThat(param(job.at("/variants/1/parameters"), "dw", "weight").has("call")).isFalse();
		assertThat(job.at("/data/n").asInt()).isEqualTo(256);
		assertThat(call("POST", "/api/v1/workers/lease", WORKER, worker("w2", 60)).statusCode()).as("nothing else queued").isEqualTo(204);
		String beat = "{\"worker\": \"w1\", \"engine\": \"torch\", \"device\": {\"kind\": \"cpu\"}, \"step\": 3, \"variants\": "
				+ "[{\"name\": \"declared\", \"losses\": [2.3, 2.2, 2.1], \"complete\": false}]}";
		HttpResponse<String> held = call("POST", "/api/v1/workers/trials/" + id + "/heartbeat", WORKER, beat);
		assertThat(json(held).get("lease").asString()).isEqualTo("held");
		JsonNode running = json(call("GET", "/api/v1/trials/" + id, API, null));
		assertThat(running.get("status").asString()).isEqualTo("running");
		assertThat(running.at("/variants/0/losses").size()).isEqualTo(3);
		assertThat(running.get("device").asString()).contains("torch worker");
		// Another worker's heartbeat is refused; a cancel reaches the holder on its next heartbeat.
		assertThat(call("POST", "/api/v1/workers/trials/" + id + "/heartbeat", WORKER, beat.replace("\"w1\"", "\"w2\"")).statusCode()).isEqualTo(409);
		assertThat(call("DELETE", "/api/v1/trials/" + id, API, null).statusCode()).isEqualTo(200);
		assertThat(json(call("POST", "/api/v1/workers/trials/" + id + "/heartbeat", WORKER, beat)).get("lease").asString()).isEqualTo("cancel_requested");
		String done = "{\"worker\": \"w1\", \"engine\": \"torch\", \"device\": {\"kind\": \"cpu\"}, \"status\": \"cancelled\", \"variants\": "
				+ "[{\"name\": \"declared\", \"losses\": [2.3, 2.2, 2.1, 2.0], \"complete\": false}]}";
		assertThat(call("POST", "/api/v1/workers/trials/" + id + "/result", WORKER, done).statusCode()).isEqualTo(200);
		assertThat(json(call("GET", "/api/v1/trials/" + id, API, null)).get("status").asString()).isEqualTo("cancelled");
		assertThat(call("POST", "/api/v1/workers/trials/" + id + "/result", WORKER, done).statusCode()).as("a trial ends once").isEqualTo(409);
		// Bad worker bodies are 400s naming the field.
		HttpResponse<String> bad = call("POST", "/api/v1/workers/lease", WORKER, "{\"worker\": \"\", \"engine\": \"torch\"}");
		assertThat(bad.statusCode()).isEqualTo(400);
		assertThat(bad.body()).contains("/worker");
	}

	@Test
	void anExpiredLeaseGoesBackToTheQueue() throws Exception {
		String id = submit(trial("torch", 20).replace("\"seed\": 7", "\"seed\": 8"));
		JsonNode job = json(call("POST", "/api/v1/workers/lease", WORKER, worker("vanishing", 10)));
		assertThat(job.get("id").asString()).isEqualTo(id);
		Thread.sleep(11_000);
		this.sweeper.recover();
		JsonNode requeued = json(call("GET", "/api/v1/trials/" + id, API, null));
		assertThat(requeued.get("status").asString()).isEqualTo("queued");
		assertThat(requeued.get("attempts").asInt()).isEqualTo(1);
		String beat = "{\"worker\": \"vanishing\", \"engine\": \"torch\", \"device\": {\"kind\": \"cpu\"}, \"step\": 1, \"variants\": []}";
		assertThat(call("POST", "/api/v1/workers/trials/" + id + "/heartbeat", WORKER, beat).statusCode()).isEqualTo(409);
		assertThat(json(call("POST", "/api/v1/workers/lease", WORKER, worker("next", 60))).get("id").asString()).isEqualTo(id);
		assertThat(this.jobs.findById(id).orElseThrow().attempts()).isEqualTo(2);
		call("DELETE", "/api/v1/trials/" + id, API, null);
	}

	@Test
	void aGpuTrialWaitsForAGpuWorker() {
		// No GPU here and no GPU worker seen: refused with the field named. Once one has asked for work, accepted for it.
		HttpResponse<String> refused = call("POST", "/api/v1/trials", API, trial("torch", 20).replace("\"device\": \"auto\"", "\"device\": \"gpu\""));
		assertThat(refused.statusCode()).isEqualTo(422);
		assertThat(refused.body()).contains("/device", "GPU torch worker");
		call("POST", "/api/v1/workers/lease", WORKER, "{\"worker\": \"gpu-1\", \"engine\": \"torch\", \"device\": {\"kind\": \"cuda\", \"name\": \"NVIDIA H200\", "
				+ "\"memoryBytes\": 150121545728}}");
		String id = submit(trial("torch", 20).replace("\"device\": \"auto\"", "\"device\": \"gpu\""));
		assertThat(call("POST", "/api/v1/workers/lease", WORKER, worker("cpu-1", 60)).statusCode()).as("a CPU worker may not take it").isEqualTo(204);
		call("DELETE", "/api/v1/trials/" + id, API, null);
		// engine torch for a model the torch worker does not build: 422 naming /engine.
		HttpResponse<String> keras = call("POST", "/api/v1/trials", API, trial("torch", 20).replace("\"framework\": \"pytorch\"", "\"framework\": \"keras\""));
		assertThat(keras.statusCode()).isEqualTo(422);
		assertThat(keras.body()).contains("/engine");
	}

	@Test
	void theTorchWorkerRunsATrialAndAgreesWithNd4j() throws Exception {
		agreesWithNd4j(trial("torch", 150).replace("\"samples\": 256", "\"samples\": 1024"), "ci-torch");
	}

	@Test
	void theTorchWorkerPadsCropsAndKeepsPooledAxesAsNd4jDoes() throws Exception {
		// zero_pad2d (Keras ZeroPadding2D / Cropping2D: F.pad with negative sides) and a squeeze-and-excite style
		// global_avg_pool(keepdims) before a 1×1 conv: shapes only the two engines' own code gets right.
		String model = """
				{"name": "padded-se", "framework": "pytorch", "input": {"shape": [1, 16, 16]}, "layers": [
				  {"name": "pad", "type": "zero_pad2d", "padding": 1},
				  {"name": "conv", "type": "conv2d", "in_channels": 1, "out_channels": 8, "kernel_size": 3, "activation": "relu"},
				  {"name": "crop", "type": "zero_pad2d", "padding": [[-1, 0], [0, -1]]},
				  {"name": "se", "type": "global_avg_pool", "keepdims": true},
				  {"name": "gate", "type": "conv2d", "in_channels": 8, "out_channels": 8, "kernel_size": 1, "activation": "relu"},
				  {"name": "flat", "type": "flatten"},
				  {"name": "head", "type": "linear", "in_features": 8, "out_features": 10}]}""";
		agreesWithNd4j("""
				{"model": %s, "task": {"kind": "synthetic-bars", "samples": 512}, "steps": 60, "batchSize": 32, "seed": 7, "device": "auto",
				 "engine": "torch"}""".formatted(model), "ci-torch-pad");
	}

	private void agreesWithNd4j(String body, String workerName) throws Exception {
		String id = submit(body);
		Path python = Path.of(".ci", "python", "bin", "python3").toAbsolutePath();
		Path alive = Path.of("target", "torch-worker.alive").toAbsolutePath();
		Files.deleteIfExists(alive);
		Instant started = Instant.now().minusSeconds(1);
		Process p = new ProcessBuilder(List.of(python.toString(), "-m", "initaudit_worker", "--service", "http://localhost:" + this.port, "--key", WORKER,
				"--once", "--device", "cpu", "--name", workerName, "--alive", alive.toString())).directory(Path.of("clients", "python").toFile())
			.redirectErrorStream(true)
			.redirectOutput(Path.of("target", "torch-worker.log").toFile())
			.start();
		// The SSE stream of the running trial carries the torch worker's losses and ends with done.
		HttpResponse<Stream<String>> sse = STREAMS.send(HttpRequest.newBuilder(uri("/api/v1/trials/" + id + "/events")).header("X-API-Key", API)
			.timeout(Duration.ofMinutes(3)).GET().build(), HttpResponse.BodyHandlers.ofLines());
		List<String> lines = sse.body().takeWhile(l -> !l.startsWith("event:done")).toList();
		assertThat(p.waitFor(3, TimeUnit.MINUTES)).isTrue();
		assertThat(p.exitValue()).as(Files.readString(Path.of("target", "torch-worker.log"))).isZero();
		assertThat(lines).anyMatch(l -> l.startsWith("event:loss"));
		// The liveness file of the image's health check and the chart's probe was touched while it worked.
		assertThat(Files.getLastModifiedTime(alive).toInstant()).isAfter(started);
		JsonNode torch = json(call("GET", "/api/v1/trials/" + id, API, null));
		assertThat(torch.get("status").asString()).isEqualTo("succeeded");
		assertThat(torch.get("device").asString()).startsWith("cpu").contains("torch worker");
		// The same trial on ND4J (this instance's runner, as its workers run it).
		String nd4jId = submit(body.replace("\"engine\": \"torch\"", "\"engine\": \"nd4j\""));
		TrialJob claimed = this.jobs.claimNext("ci-nd4j", Instant.now(), Instant.now().plusSeconds(600), this.runner.capability())
			.orElseThrow();
		assertThat(claimed.id()).isEqualTo(nd4jId);
		this.runner.run(claimed, "ci-nd4j");
		JsonNode nd4j = json(call("GET", "/api/v1/trials/" + nd4jId, API, null));
		assertThat(nd4j.get("status").asString()).isEqualTo("succeeded");
		// Agreement: both draw their own weights from the same laws and train on the same samples in the same order, so
		// the initial losses agree to the spread of one draw (10 classes: ln 10 = 2.303 at a uniform output; 5 %), the
		// converged and diverged flags agree, and the variants rank the same by final loss.
		for (int v = 0; v < 2; v++) {
			JsonNode a = torch.at("/variants/" + v);
			JsonNode b = nd4j.at("/variants/" + v);
			assertThat(a.get("initialLoss").asDouble()).isCloseTo(b.get("initialLoss").asDouble(), withPercentage(5));
			assertThat(a.get("converged").asBoolean()).isEqualTo(b.get("converged").asBoolean());
			assertThat(a.get("diverged").asBoolean()).isEqualTo(b.get("diverged").asBoolean());
		}
		assertThat(Double.compare(torch.at("/variants/0/finalLoss").asDouble(), torch.at("/variants/1/finalLoss").asDouble()))
			.isEqualTo(Double.compare(nd4j.at("/variants/0/finalLoss").asDouble(), nd4j.at("/variants/1/finalLoss").asDouble()));
	}

	private static JsonNode param(JsonNode params, String layer, String name) {
		for (JsonNode p : params) {
			if (p.get("layer").asString().equals(layer) && p.get("name").asString().equals(name)) {
				return p;
			}
		}
		throw new AssertionError("no parameter " + layer + "." + name);
	}

	private String submit(String body) {
		HttpResponse<String> r = call("POST", "/api/v1/trials", API, body);
		assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
		return json(r).get("id").asString();
	}

	private HttpResponse<String> call(String method, String path, String key, String body) {
		HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).header("X-API-Key", key);
		if (body != null) {
			b.header("Content-Type", "application/json");
		}
		return send(b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build());
	}

	private static String worker(String name, int leaseSeconds) {
		return "{\"worker\": \"" + name + "\", \"engine\": \"torch\", \"device\": {\"kind\": \"cpu\", \"name\": \"ci\"}, \"leaseSeconds\": " + leaseSeconds + "}";
	}

	/** The bundled bars CNN (examples/bars-cnn.json, read as users send it) on synthetic-bars. */
	static String trial(String engine, int steps) {
		try {
			String model = Files.readString(Path.of("examples", "bars-cnn.json"));
			return """
					{"model": %s, "task": {"kind": "synthetic-bars", "samples": 256}, "steps": %d, "batchSize": 32, "seed": 7, "device": "auto",
					 "engine": "%s"}""".formatted(model, steps, engine);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
