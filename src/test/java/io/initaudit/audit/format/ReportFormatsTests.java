package io.initaudit.audit.format;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;

import io.initaudit.audit.AuditReport;
import io.initaudit.audit.Auditor;
import io.initaudit.model.ModelReader;
import io.initaudit.semantics.FindingCode;
import io.initaudit.semantics.Thresholds;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class ReportFormatsTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** One error (depthwise fan_out), one warning (gain with LeakyReLU 0.2), one clean layer, and a model-level info. */
	static AuditReport report() {
		String body = """
				{"name": "m<&>", "framework": "pytorch", "layers": [
				 {"name": "dw", "type": "conv2d", "in_channels": 32, "out_channels": 32, "kernel_size": 3, "groups": 32, "bias": false,
				  "init": "torch.nn.init.kaiming_normal_(w, mode='fan_out', nonlinearity='relu')", "activation": "relu"},
				 {"name": "fc", "type": "linear", "in_features": 288, "out_features": 256, "bias": false, "activation": "leaky_relu", "negative_slope": 0.2,
				  "init": "torch.nn.init.kaiming_normal_(w, nonlinearity='leaky_relu')", "inputs": ["@input"]},
				 {"name": "ok", "type": "linear", "in_features": 256, "out_features": 256, "bias": false,
				  "init": "torch.nn.init.normal_(w, std=0.02)"}]}""";
		return new Auditor(Thresholds.DEFAULT).audit(new ModelReader().read(JSON.readTree(body)), "r-1", Instant.parse("2026-11-22T12:00:00Z"));
	}

	@Test
	void sarifHasTheRequiredFieldsOfTheTwoOneZeroSchema() {
		AuditReport r = report();
		JsonNode sarif = JSON.valueToTree(SarifReport.render(r, "0.1.0", "http://host", "models/m.json"));
		// sarif-2.1.0.json: sarifLog requires version, runs; run requires tool; tool requires driver; toolComponent requires name;
		// result requires message (text or id); reportingDescriptor requires id; level is none|note|warning|error.
		assertThat(sarif.get("version").asString()).isEqualTo("2.1.0");
		assertThat(sarif.get("$schema").asString()).isEqualTo(SarifReport.SCHEMA);
		JsonNode run = sarif.get("runs").get(0);
		assertThat(run.at("/tool/driver/name").asString()).isEqualTo("InitAudit");
		JsonNode rules = run.at("/tool/driver/rules");
		assertThat(rules.size()).isEqualTo(FindingCode.values().length);
		rules.forEach(rule -> {
			assertThat(rule.get("id").asString()).isNotBlank();
			assertThat(rule.get("helpUri").asString()).isEqualTo("http://host/docs/findings/" + rule.get("id").asString());
		});
		JsonNode results = run.get("results");
		assertThat(results.size()).isEqualTo(r.summary().errors() + r.summary().warnings() + r.summary().infos());
		for (JsonNode res : results) {
			assertThat(res.at("/message/text").asString()).isNotBlank();
			assertThat(Set.of("none", "note", "warning", "error")).contains(res.get("level").asString());
			String ruleId = res.get("ruleId").asString();
			assertThat(rules.get(res.get("ruleIndex").asInt()).get("id").asString()).isEqualTo(ruleId);
			assertThat(res.at("/locations/0/physicalLocation/artifactLocation/uri").asString()).isEqualTo("models/m.json");
			assertThat(res.at("/partialFingerprints/initAuditFinding~1v1").asString()).hasSize(32);
		}
		JsonNode dw = results.findParents("ruleId").stream().filter(n -> n.get("ruleId").asString().equals("FAN_OUT_IGNORES_GROUPS")).findFirst()
			.orElseThrow();
		assertThat(dw.get("level").asString()).isEqualTo("error");
		assertThat(dw.at("/locations/0/logicalLocations/0/fullyQualifiedName").asString()).isEqualTo("dw.weight");
	}

	@Test
	void sarifFingerprintsAreStableAcrossRuns() {
		Map<String, Object> a = SarifReport.render(report(), "0.1.0", "http://host", "m.json");
		Map<String, Object> b = SarifReport.render(report(), "0.1.0", "http://host", "m.json");
		assertThat(JSON.valueToTree(a).findValues("partialFingerprints")).isEqualTo(JSON.valueToTree(b).findValues("partialFingerprints"));
	}

	@Test
	void junitHasATestCasePerParameterAndFailuresAtTheThreshold() throws Exception {
		AuditReport r = report();
		Document errorsOnly = parse(JUnitReport.render(r, "error"));
		Element suite = (Element) errorsOnly.getElementsByTagName("testsuite").item(0);
		NodeList cases = errorsOnly.getElementsByTagName("testcase");
		assertThat(cases.getLength()).isEqualTo(r.summary().parameters() + 1);
		assertThat(suite.getAttribute("failures")).isEqualTo("1");
		assertThat(((Element) errorsOnly.getElementsByTagName("failure").item(0)).getAttribute("type")).isEqualTo("FAN_OUT_IGNORES_GROUPS");
		Document warnings = parse(JUnitReport.render(r, "warning"));
		assertThat(((Element) warnings.getElementsByTagName("testsuite").item(0)).getAttribute("failures")).isEqualTo("2");
		assertThat(suite.getAttribute("name")).isEqualTo("initaudit.m<&>");
	}

	@Test
	void textTableHasARowPerParameterAndTheVerdict() {
		String text = TextReport.render(report());
		assertThat(text.lines().filter(l -> l.startsWith("dw ") || l.startsWith("fc ") || l.startsWith("ok "))).hasSize(3);
		assertThat(text).contains("288/9", "error FAN_OUT_IGNORES_GROUPS", "warning GAIN_MISMATCH", "verdict: fail (1 errors, 1 warnings");
	}

	@Test
	void markdownLinksEachFindingToItsDocumentation() {
		String md = MarkdownReport.render(report(), "http://host");
		assertThat(md).startsWith("### ❌ InitAudit: `m<&>` — fail")
			.contains("[`FAN_OUT_IGNORES_GROUPS`](http://host/docs/findings/FAN_OUT_IGNORES_GROUPS)")
			.contains("torch.nn.init.normal_(m.weight, mean=0.0, std=0.471405)");
	}

	@Test
	void acceptHeadersPickAFormat() {
		assertThat(ReportFormat.byAccept("application/sarif+json")).isEqualTo(ReportFormat.SARIF);
		assertThat(ReportFormat.byAccept("text/markdown;q=0.9, text/plain")).isEqualTo(ReportFormat.MARKDOWN);
		assertThat(ReportFormat.byAccept("application/xml")).isEqualTo(ReportFormat.JUNIT);
		assertThat(ReportFormat.byAccept("*/*")).isEqualTo(ReportFormat.JSON);
		assertThat(ReportFormat.byParameter("SARIF")).isEqualTo(ReportFormat.SARIF);
		assertThat(ReportFormat.byParameter("yaml")).isNull();
	}

	private static Document parse(String xml) throws Exception {
		return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
	}

}
