package io.initaudit;

import java.net.http.HttpResponse;
import java.time.Instant;

import io.initaudit.audit.AuditReports;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP contract of design/api.md §2 and §5 beyond the reference cases: stored reports, history, failOn,
 * discovery and examples.
 */
public class ApiIntegrationTests extends HttpIntegrationTest {

	public static final String DEPTHWISE_BUG = """
			{"name": "dw", "framework": "pytorch", "layers": [{"name": "dw", "type": "conv2d", "in_channels": 32, "out_channels": 32,
			 "kernel_size": 3, "groups": 32, "init": "torch.nn.init.kaiming_normal_(w, mode='fan_out', nonlinearity='relu')"}]}""";

	public static final String CLEAN = """
			{"name": "clean", "framework": "pytorch", "layers": [{"name": "fc", "type": "linear", "in_features": 64, "out_features": 64,
			 "bias": false, "init": "torch.nn.init.kaiming_normal_(w, nonlinearity='relu')", "activation": "relu"}]}""";

	@Test
	void storedReportIsServedAtItsLocation() {
		HttpResponse<String> created = post("/api/v1/audits", DEPTHWISE_BUG);
		assertThat(created.statusCode()).isEqualTo(201);
		String location = created.headers().firstValue("Location").orElseThrow();
		HttpResponse<String> fetched = get(location);
		assertThat(fetched.statusCode()).isEqualTo(200);
		assertThat(json(fetched)).isEqualTo(json(created));
		assertThat(json(fetched).get("verdict").asString()).isEqualTo("fail");
	}

	@Test
	void historyListsNewestFirstAndPages() {
		String first = json(post("/api/v1/audits", CLEAN)).get("id").asString();
		String second = json(post("/api/v1/audits", DEPTHWISE_BUG)).get("id").asString();
		JsonNode page = json(get("/api/v1/audits?page=0&size=2"));
		assertThat(page.get("items").get(0).get("id").asString()).isEqualTo(second);
		assertThat(page.get("items").get(1).get("id").asString()).isEqualTo(first);
		assertThat(page.get("total").asLong()).isGreaterThanOrEqualTo(2);
		assertThat(get("/api/v1/audits?size=0").statusCode()).isEqualTo(400);
		assertThat(json(get("/api/v1/audits?size=1000")).get("pointer").asString()).isEqualTo("size");
	}

	@Test
	void failOnAnswers422WithTheSameReport() {
		HttpResponse<String> failing = post("/api/v1/audits?failOn=error", DEPTHWISE_BUG);
		assertThat(failing.statusCode()).isEqualTo(422);
		assertThat(json(failing).get("summary").get("errors").asInt()).isPositive();
		assertThat(failing.headers().firstValue("Location")).isPresent();
		assertThat(post("/api/v1/audits?failOn=error", CLEAN).statusCode()).isEqualTo(201);
		assertThat(post("/api/v1/audits?failOn=warning", CLEAN).statusCode()).isEqualTo(201);
		assertThat(post("/api/v1/audits?failOn=never", DEPTHWISE_BUG).statusCode()).isEqualTo(201);
		assertThat(post("/api/v1/audits?failOn=sometimes", CLEAN).statusCode()).isEqualTo(400);
	}

	@Test
	void unknownReportIs404ProblemJson() {
		HttpResponse<String> r = get("/api/v1/audits/does-not-exist");
		assertThat(r.statusCode()).isEqualTo(404);
		assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
	}

	@Test
	void frameworksListsTheCatalogue() {
		JsonNode f = json(get("/api/v1/frameworks"));
		assertThat(f.get("frameworks").toString()).contains("pytorch", "keras", "tensorflow", "jax", "flax", "dl4j");
		assertThat(f.get("layerTypes").toString()).contains("do_conv2d", "separable_conv2d", "lstm");
		assertThat(f.get("findingCodes").toString()).contains("FAN_OUT_IGNORES_GROUPS", "RELATIVE_LR_IMBALANCE");
	}

	@Test
	void everyExampleAuditsAsServed() {
		JsonNode list = json(get("/api/v1/examples"));
		assertThat(list.size()).isGreaterThanOrEqualTo(8);
		for (JsonNode e : list) {
			String name = e.get("name").asString();
			HttpResponse<String> model = get("/api/v1/examples/" + name);
			assertThat(model.statusCode()).isEqualTo(200);
			HttpResponse<String> audit = post("/api/v1/audits", model.body());
			assertThat(audit.statusCode()).as(name + ": " + audit.body()).isEqualTo(201);
		}
		assertThat(get("/api/v1/examples/nope").statusCode()).isEqualTo(404);
	}

	@Test
	void seedArticleExamplesShowTheirBugs() {
		assertThat(codes("convnext-block")).contains("FAN_OUT_IGNORES_GROUPS", "TRUNC_BOUNDS_ABSOLUTE");
		assertThat(codes("relu-cnn-24-truncated-normal")).contains("TRUNC_STD_PRE_TRUNCATION");
		assertThat(codes("xception-middle-flow")).contains("FAN_IN_IGNORES_DEPTHWISE");
		assertThat(codes("doconv-net")).contains("DOCONV_FAN_COUNTS_DMUL");
		assertThat(codes("bilstm-pytorch-port")).contains("FORGET_BIAS_DIFFERS");
		assertThat(codes("mobilenetv2")).contains("FAN_OUT_IGNORES_GROUPS", "RELATIVE_LR_IMBALANCE");
	}

	private String codes(String example) {
		return json(post("/api/v1/audits", get("/api/v1/examples/" + example).body())).findValues("code").toString();
	}

	@Test
	void everyHelpLinkOfAReportResolves() {
		JsonNode report = json(post("/api/v1/audits", DEPTHWISE_BUG));
		for (JsonNode help : report.findValues("help")) {
			HttpResponse<String> page = get(help.asString());
			assertThat(page.statusCode()).as(help.asString()).isEqualTo(200);
			assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
		}
		assertThat(get("/docs/findings/NOT_A_CODE").statusCode()).isEqualTo(404);
	}

	@Test
	void healthAndOpenApiAreUp() {
		assertThat(json(get("/actuator/health")).get("status").asString()).isEqualTo("UP");
		assertThat(get("/v3/api-docs").statusCode()).isEqualTo(200);
	}

	@Autowired
	AuditReports reports;

	@Test
	void retentionKeepsTheNewestOnH2() {
		for (int i = 0; i < 3; i++) {
			assertThat(post("/api/v1/audits", CLEAN).statusCode()).isEqualTo(201);
		}
		long before = this.reports.count();
		String newest = this.reports.findPage(0, 1).get(0).id();
		String oldest = this.reports.findPage((int) before - 1, 1).get(0).id();
		assertThat(this.reports.deleteOlderThan(Instant.EPOCH, before - 2)).isEqualTo(2);
		assertThat(this.reports.count()).isEqualTo(before - 2);
		assertThat(this.reports.findJsonById(newest)).isPresent();
		assertThat(this.reports.findJsonById(oldest)).isEmpty();
	}

}
