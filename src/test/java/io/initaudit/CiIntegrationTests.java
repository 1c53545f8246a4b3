package io.initaudit;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How CI jobs use the service: report formats by parameter and Accept header, failOn with curl's exit code, and the
 * Keras and PyTorch importers over HTTP.
 */
class CiIntegrationTests extends HttpIntegrationTest {

	static final String FAILING = ApiIntegrationTests.DEPTHWISE_BUG;

	static final String CLEAN = ApiIntegrationTests.CLEAN;

	@Test
	void sarifByParameterAndByAcceptHeader() {
		HttpResponse<String> r = post("/api/v1/audits?format=sarif&artifact=models/dw.json", FAILING);
		assertThat(r.statusCode()).isEqualTo(201);
		assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/sarif+json");
		JsonNode sarif = json(r);
		assertThat(sarif.get("version").asString()).isEqualTo("2.1.0");
		assertThat(sarif.at("/runs/0/results/0/locations/0/physicalLocation/artifactLocation/uri").asString()).isEqualTo("models/dw.json");
		assertThat(sarif.at("/runs/0/tool/driver/rules/0/helpUri").asString()).startsWith("http://localhost:" + this.port + "/docs/findings/");
		HttpResponse<String> accepted = send(HttpRequest.newBuilder(uri("/api/v1/audits")).header("Content-Type", "application/json")
			.header("Accept", "application/sarif+json").POST(HttpRequest.BodyPublishers.ofString(FAILING)).build());
		assertThat(json(accepted).get("version").asString()).isEqualTo("2.1.0");
	}

	@Test
	void junitWithFailOnIs422WithTheSameXml() {
		HttpResponse<String> r = post("/api/v1/audits?format=junit&failOn=error", FAILING);
		assertThat(r.statusCode()).isEqualTo(422);
		assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/xml");
		assertThat(r.body()).startsWith("<?xml").contains("<failure type=\"FAN_OUT_IGNORES_GROUPS\"");
		String location = r.headers().firstValue("Location").orElseThrow();
		assertThat(get(location + "?format=junit&failOn=error").body()).isEqualTo(r.body());
	}

	@Test
	void textAndMarkdownForLogsAndComments() {
		HttpResponse<String> text = send(HttpRequest.newBuilder(uri("/api/v1/audits")).header("Content-Type", "application/json")
			.header("Accept", "text/plain").POST(HttpRequest.BodyPublishers.ofString(FAILING)).build());
		assertThat(text.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
		assertThat(text.body()).contains("layer", "fan_out", "error FAN_OUT_IGNORES_GROUPS", "verdict: fail");
		assertThat(post("/api/v1/audits?format=markdown", CLEAN).body()).startsWith("### ✅ InitAudit: `clean` — pass");
	}

	@Test
	void badFormatAndSourceAre400NamingTheParameter() {
		assertThat(json(post("/api/v1/audits?format=yaml", CLEAN)).get("pointer").asString()).isEqualTo("format");
		assertThat(json(post("/api/v1/audits?source=onnx", CLEAN)).get("pointer").asString()).isEqualTo("source");
		HttpResponse<String> invalidAsText = send(HttpRequest.newBuilder(uri("/api/v1/audits")).header("Content-Type", "application/json")
			.header("Accept", "text/plain").POST(HttpRequest.BodyPublishers.ofString("{\"layers\": [{\"type\": \"conv9d\"}]}")).build());
		assertThat(invalidAsText.statusCode()).isEqualTo(400);
	}

	@Test
	void curlFailWithBodyFailsTheStepOnlyWhenTheVerdictFails(@TempDir Path dir) throws Exception {
		Path failing = Files.writeString(dir.resolve("failing.json"), FAILING);
		Path clean = Files.writeString(dir.resolve("clean.json"), CLEAN);
		// curl exits 22 on an HTTP status >= 400 with --fail-with-body, and still prints the report.
		Result bad = curl(failing, "error");
		assertThat(bad.exit()).isEqualTo(22);
		assertThat(bad.output()).contains("FAN_OUT_IGNORES_GROUPS");
		assertThat(curl(clean, "error").exit()).isZero();
		assertThat(curl(failing, "never").exit()).isZero();
	}

	record Result(int exit, String output) {
	}

	private Result curl(Path body, String failOn) throws IOException, InterruptedException {
		Process p = new ProcessBuilder("curl", "--fail-with-body", "-s", "-X", "POST",
				"http://localhost:" + this.port + "/api/v1/audits?failOn=" + failOn + "&format=text", "-H", "Content-Type: application/json",
				"-d", "@" + body).redirectErrorStream(true).start();
		String out = new String(p.getInputStream().readAllBytes());
		assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
		return new Result(p.exitValue(), out);
	}

	@Test
	void kerasAndTorchSourcesOverHttp() throws IOException {
		String keras = Files.readString(Path.of("src/test/resources/keras/mobilenet_style.keras3.json"));
		JsonNode k = json(post("/api/v1/audits?source=keras", keras));
		assertThat(k.findValues("code").toString()).contains("FAN_IN_IGNORES_DEPTHWISE");
		assertThat(k.get("notes").toString()).contains("Rescaling");
		String torch = Files.readString(Path.of("src/test/resources/manifests/mobilenet_v2.manifest.json"));
		HttpResponse<String> t = post("/api/v1/audits?source=torch&failOn=error", torch);
		assertThat(t.statusCode()).isEqualTo(422);
		assertThat(json(t).findValues("code").toString()).contains("FAN_OUT_IGNORES_GROUPS");
		assertThat(post("/api/v1/audits?source=keras", CLEAN).statusCode()).isEqualTo(400);
	}

	/** {@code source=} on every endpoint that takes a model: the same importers, pointers prefixed with /model. */
	@Test
	void sourcesOnPropagationAndTrials() throws Exception {
		String keras = Files.readString(Path.of("src/test/resources/keras/mobilenet_style.keras3.json"));
		HttpResponse<String> p = post("/api/v1/propagation?source=keras", "{\"model\": " + keras + ", \"batchSize\": 2}");
		assertThat(p.statusCode()).as(p.body()).isEqualTo(200);
		assertThat(json(p).get("layers").size()).isGreaterThan(5);
		// A native description sent as Keras: 400, pointing into the request's model.
		HttpResponse<String> wrong = post("/api/v1/propagation?source=keras", "{\"model\": " + CLEAN + "}");
		assertThat(wrong.statusCode()).isEqualTo(400);
		assertThat(json(wrong).get("pointer").asString()).startsWith("/model");
		assertThat(json(post("/api/v1/propagation?source=onnx", "{\"model\": " + CLEAN + "}")).get("pointer").asString()).isEqualTo("source");
		// The torch manifest has no input shape: propagation refuses it as it refuses such a description.
		String torch = Files.readString(Path.of("src/test/resources/manifests/small_cnn_defaults.manifest.json"));
		HttpResponse<String> noShape = post("/api/v1/propagation?source=torch", "{\"model\": " + torch + "}");
		assertThat(noShape.statusCode()).as(noShape.body()).isEqualTo(422);
		assertThat(noShape.body()).contains("input");
		// A trial of the Keras document: stored as the imported description, run by this instance's ND4J worker.
		HttpResponse<String> t = post("/api/v1/trials?source=keras", "{\"model\": " + keras
				+ ", \"task\": {\"kind\": \"synthetic-bars\", \"samples\": 16}, \"steps\": 2, \"batchSize\": 4}");
		assertThat(t.statusCode()).as(t.body()).isEqualTo(202);
		String location = t.headers().firstValue("Location").orElseThrow();
		JsonNode trial = json(t);
		for (int i = 0; i < 600 && !Set.of("succeeded", "failed").contains(trial.get("status").asString()); i++) {
			Thread.sleep(200);
			trial = json(get(location));
		}
		assertThat(trial.get("status").asString()).as(trial.toString()).isEqualTo("succeeded");
		assertThat(trial.get("model").asString()).isEqualTo("mobilenet_style");
		assertThat(trial.at("/variants/0/losses").size()).isEqualTo(2);
		HttpResponse<String> badTrial = post("/api/v1/trials?source=torch", "{\"model\": {\"modules\": 3}}");
		assertThat(badTrial.statusCode()).isEqualTo(400);
		assertThat(json(badTrial).get("pointer").asString()).startsWith("/model");
	}

}
