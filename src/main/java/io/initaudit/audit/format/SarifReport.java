package io.initaudit.audit.format;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.initaudit.audit.AuditReport;
import io.initaudit.semantics.FindingCode;

/**
 * SARIF 2.1.0: one run, one rule per finding code (rule id = code, help URI = its documentation), one result per
 * finding with a logical location {@code layer.parameter} and a physical location in the audited model file, and
 * a fingerprint stable across runs (model, layer, parameter, code).
 */
public final class SarifReport {

	public static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

	private SarifReport() {
	}

	/**
	 * @param report the report
	 * @param version the service version (tool.driver.version)
	 * @param baseUrl absolute URL of the service, for help URIs
	 * @param artifact the file the model came from, as the CI job names it
	 */
	public static Map<String, Object> render(AuditReport report, String version, String baseUrl, String artifact) {
		List<Map<String, Object>> rules = new ArrayList<>();
		Map<String, Integer> ruleIndex = new HashMap<>();
		for (FindingCode c : FindingCode.values()) {
			ruleIndex.put(c.name(), rules.size());
			rules.add(map("id", c.name(), "name", camel(c.name()), "shortDescription", map("text", c.summary()), "fullDescription",
					map("text", c.summary()), "helpUri", baseUrl + c.helpPath(), "defaultConfiguration", map("level", "warning")));
		}
		List<Map<String, Object>> results = new ArrayList<>();
		for (AuditReport.FindingView f : report.findings()) {
			results.add(result(report, f, null, null, ruleIndex, artifact));
		}
		for (AuditReport.LayerReport l : report.layers()) {
			for (AuditReport.ParameterReport p : l.parameters()) {
				for (AuditReport.FindingView f : p.findings()) {
					results.add(result(report, f, l.name(), p.name(), ruleIndex, artifact));
				}
			}
		}
		Map<String, Object> driver = map("name", "InitAudit", "version", version, "informationUri", baseUrl + "/docs/findings", "rules", rules);
		Map<String, Object> run = map("tool", map("driver", driver), "results", results, "automationDetails", map("id", "initaudit/" + report.id()),
				"properties", map("verdict", report.verdict(), "report", baseUrl + "/api/v1/audits/" + report.id()));
		return map("$schema", SCHEMA, "version", "2.1.0", "runs", List.of(run));
	}

	private static Map<String, Object> result(AuditReport report, AuditReport.FindingView f, String layer, String parameter,
			Map<String, Integer> ruleIndex, String artifact) {
		String where = layer == null ? report.model().name() : layer + "." + parameter;
		Map<String, Object> logical = map("fullyQualifiedName", where, "name", parameter == null ? report.model().name() : parameter, "kind",
				layer == null ? "module" : "member");
		Map<String, Object> location = map("physicalLocation", map("artifactLocation", map("uri", artifact)), "logicalLocations", List.of(logical),
				"message", map("text", layer == null ? "model " + report.model().name() : "layer " + layer + ", parameter " + parameter));
		return map("ruleId", f.code(), "ruleIndex", ruleIndex.getOrDefault(f.code(), -1), "level", level(f.severity()), "message",
				map("text", f.message()), "locations", List.of(location), "partialFingerprints",
				map("initAuditFinding/v1", fingerprint(report.model().name(), where, f.code())), "properties", map("evidence", f.evidence()));
	}

	/** SARIF levels: error, warning, note. */
	static String level(String severity) {
		return switch (severity) {
			case "error" -> "error";
			case "warning" -> "warning";
			default -> "note";
		};
	}

	private static String fingerprint(String... parts) {
		try {
			MessageDigest sha = MessageDigest.getInstance("SHA-256");
			return HexFormat.of().formatHex(sha.digest(String.join("\u0000", parts).getBytes(StandardCharsets.UTF_8))).substring(0, 32);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String camel(String code) {
		StringBuilder sb = new StringBuilder();
		for (String part : code.toLowerCase(Locale.ROOT).split("_")) {
			sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
		}
		return sb.toString();
	}

	private static Map<String, Object> map(Object... kv) {
		Map<String, Object> m = new LinkedHashMap<>();
		for (int i = 0; i + 1 < kv.length; i += 2) {
			m.put((String) kv[i], kv[i + 1]);
		}
		return m;
	}

}
