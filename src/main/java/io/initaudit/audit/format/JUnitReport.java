package io.initaudit.audit.format;

import java.util.List;

import io.initaudit.audit.AuditReport;

/**
 * JUnit XML: a test suite per model, a test case per parameter (and one for the model-level findings); findings
 * at or above the threshold are failures, the others are reported in system-out.
 */
public final class JUnitReport {

	private JUnitReport() {
	}

	/** @param threshold {@code error} or {@code warning} */
	public static String render(AuditReport report, String threshold) {
		List<Rows.Row> rows = Rows.of(report).rows();
		int min = Rows.rank(threshold);
		long failures = rows.stream().filter(r -> r.worst() != null && Rows.rank(r.worst().severity()) >= min).count();
		boolean modelFails = report.findings().stream().anyMatch(f -> Rows.rank(f.severity()) >= min);
		String suite = "initaudit." + report.model().name();
		StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
		sb.append("<testsuites name=\"InitAudit\" tests=\"").append(rows.size() + 1).append("\" failures=\"").append(failures + (modelFails ? 1 : 0))
			.append("\">\n");
		sb.append("  <testsuite name=\"").append(xml(suite)).append("\" tests=\"").append(rows.size() + 1).append("\" failures=\"")
			.append(failures + (modelFails ? 1 : 0)).append("\" errors=\"0\" skipped=\"0\" timestamp=\"").append(report.createdAt()).append("\">\n");
		sb.append("    <properties><property name=\"report\" value=\"").append(xml(report.id())).append("\"/><property name=\"verdict\" value=\"")
			.append(report.verdict()).append("\"/></properties>\n");
		for (Rows.Row r : rows) {
			testCase(sb, suite + "." + r.layer(), r.parameter(), r.findings(), min);
		}
		testCase(sb, suite, "model", report.findings(), min);
		sb.append("  </testsuite>\n</testsuites>\n");
		return sb.toString();
	}

	private static void testCase(StringBuilder sb, String className, String name, List<AuditReport.FindingView> findings, int min) {
		sb.append("    <testcase classname=\"").append(xml(className)).append("\" name=\"").append(xml(name)).append("\" time=\"0\"");
		if (findings.isEmpty()) {
			sb.append("/>\n");
			return;
		}
		sb.append(">\n");
		StringBuilder out = new StringBuilder();
		for (AuditReport.FindingView f : findings) {
			if (Rows.rank(f.severity()) >= min) {
				sb.append("      <failure type=\"").append(f.code()).append("\" message=\"").append(xml(f.severity() + " " + f.code() + ": " + f.message()))
					.append("\">").append(xml(f.message() + "\nevidence: " + f.evidence() + "\nhelp: " + f.help())).append("</failure>\n");
			}
			else {
				out.append(f.severity()).append(' ').append(f.code()).append(": ").append(f.message()).append('\n');
			}
		}
		if (out.length() > 0) {
			sb.append("      <system-out>").append(xml(out.toString())).append("</system-out>\n");
		}
		sb.append("    </testcase>\n");
	}

	/** XML text and attribute escaping; characters XML 1.0 cannot hold become U+FFFD. */
	static String xml(String s) {
		StringBuilder sb = new StringBuilder(s.length());
		for (int i = 0; i < s.length(); i++) {
			char c = s.charAt(i);
			switch (c) {
				case '&' -> sb.append("&amp;");
				case '<' -> sb.append("&lt;");
				case '>' -> sb.append("&gt;");
				case '"' -> sb.append("&quot;");
				case '\'' -> sb.append("&apos;");
				default -> sb.append(c < 0x20 && c != '\n' && c != '\t' && c != '\r' ? '\uFFFD' : c);
			}
		}
		return sb.toString();
	}

}
