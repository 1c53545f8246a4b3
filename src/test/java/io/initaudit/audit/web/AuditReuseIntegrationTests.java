package io.initaudit.audit.web;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

import io.initaudit.HttpIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What makes a CI job's repeated audit cheap (issue #14): an identical body is audited once and stored as a new report
 * each time, a findings-only report on request, and gzip when the client asks for it. Expected values come from the
 * first answer of the same request: a reused report is that report but for its id and time.
 */
@TestPropertySource(properties = { "initaudit.rate-limit.enabled=false", "initaudit.trial.worker-enabled=false" })
class AuditReuseIntegrationTests extends HttpIntegrationTest {

	private static String example(String name) throws Exception {
		return Files.readString(Path.of("examples", name + ".json"));
	}

	@Test
	void anIdenticalBodyIsAuditedOnceAndStoredAsANewReportEachTime() throws Exception {
		String body = example("convnext-block");
		double reusedBefore = reusedCount();
		HttpResponse<String> first = post("/api/v1/audits?reuse=false", body);
		assertThat(first.statusCode()).isEqualTo(201);
		// The same JSON with other whitespace is the same body: the findings of the first audit, as a report of its own.
		HttpResponse<String> again = post("/api/v1/audits", JSON.readTree(body).toPrettyString());
		HttpResponse<String> third = post("/api/v1/audits", body);
		assertThat(again.statusCode()).isEqualTo(201);
		assertThat(third.statusCode()).isEqualTo(201);
		assertThat(reusedCount() - reusedBefore).isGreaterThanOrEqualTo(1.0);
		String location = third.headers().firstValue("Location").orElseThrow();
		assertThat(location).isNotEqualTo(again.headers().firstValue("Location").orElseThrow());
		JsonNode reused = json(third);
		assertThat(location).endsWith(reused.get("id").asString());
		assertThat(json(get(location))).isEqualTo(reused);
		assertThat(withoutIdentity(reused)).isEqualTo(withoutIdentity(json(first)));
		// failOn still decides the status; another body is another audit; reuse=false audits again.
		assertThat(post("/api/v1/audits?failOn=error", body).statusCode()).isEqualTo(422);
		ObjectNode changed = (ObjectNode) JSON.readTree(body);
		changed.put("name", "convnext-block-2");
		assertThat(json(post("/api/v1/audits", changed.toString())).at("/model/name").asString()).isEqualTo("convnext-block-2");
		assertThat(post("/api/v1/audits?reuse=false&store=false", body).statusCode()).isEqualTo(200);
	}

	private static JsonNode withoutIdentity(JsonNode report) {
		ObjectNode copy = (ObjectNode) report.deepCopy();
		copy.remove("id");
		copy.remove("createdAt");
		return copy;
	}

	private double reusedCount() {
		for (String line : get("/actuator/prometheus").body().split("\n")) {
			if (line.startsWith("initaudit_audits_reused_total")) {
				return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
			}
		}
		return 0.0;
	}

	@Test
	void detailFindingsKeepsOnlyTheParametersWithFindings() throws Exception {
		HttpResponse<String> r = post("/api/v1/audits?detail=findings", example("convnext-block"));
		JsonNode full = json(get(r.headers().firstValue("Location").orElseThrow()));
		JsonNode lean = json(r);
		assertThat(lean.get("summary")).isEqualTo(full.get("summary"));
		int withFindings = 0;
		for (JsonNode l : full.get("layers")) {
			for (JsonNode p : l.get("parameters")) {
				withFindings += p.get("findings").isEmpty() ? 0 : 1;
			}
		}
		int kept = 0;
		for (JsonNode l : lean.get("layers")) {
			for (JsonNode p : l.get("parameters")) {
				assertThat(p.get("findings")).isNotEmpty();
				kept++;
			}
		}
		assertThat(withFindings).isPositive();
		assertThat(kept).isEqualTo(withFindings);
		assertThat(r.body().length()).isLessThan(get(r.headers().firstValue("Location").orElseThrow()).body().length());
		assertThat(json(get(r.headers().firstValue("Location").orElseThrow() + "?detail=findings"))).isEqualTo(lean);
		assertThat(json(post("/api/v1/audits?detail=everything", example("convnext-block"))).get("pointer").asString()).isEqualTo("detail");
	}

	@Test
	void aClientThatAcceptsGzipGetsTheReportCompressed() throws Exception {
		String body = example("resnet50");
		HttpResponse<byte[]> r = sendBytes(HttpRequest.newBuilder(uri("/api/v1/audits?store=false"))
			.header("Content-Type", "application/json").header("Accept-Encoding", "gzip")
			.POST(HttpRequest.BodyPublishers.ofString(body)).build());
		assertThat(r.statusCode()).isEqualTo(200);
		assertThat(r.headers().firstValue("Content-Encoding")).contains("gzip");
		String report = new String(new GZIPInputStream(new ByteArrayInputStream(r.body())).readAllBytes(), StandardCharsets.UTF_8);
		assertThat(JSON.readTree(report).get("verdict").isString()).isTrue();
		assertThat(r.body().length).isLessThan(report.length() / 4);
		// Without Accept-Encoding: plain JSON.
		assertThat(post("/api/v1/audits?store=false", body).headers().firstValue("Content-Encoding")).isEmpty();
	}

	private HttpResponse<byte[]> sendBytes(HttpRequest request) throws Exception {
		return java.net.http.HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofByteArray());
	}

}
