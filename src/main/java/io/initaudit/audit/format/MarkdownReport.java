package io.initaudit.audit.format;

import io.initaudit.audit.AuditReport;

/**
 * A report for a pull-request comment: the verdict, the parameters with findings as a table, then each finding
 * with its fix.
 */
public final class MarkdownReport {

	private MarkdownReport() {
	}

	public static String render(AuditReport report, String baseUrl) {
		AuditReport.Summary s = report.summary();
		String icon = switch (report.verdict()) {
			case "fail" -> "❌";
			case "warn" -> "⚠️";
			default -> "✅";
		};
		StringBuilder sb = new StringBuilder();
		sb.append("### ").append(icon).append(" InitAudit: `").append(escape(report.model().name())).append("` — ").append(report.verdict())
			.append("\n\n");
		sb.append(s.errors()).append(" errors, ").append(s.warnings()).append(" warnings, ").append(s.infos()).append(" infos in ")
			.append(s.parameters()).append(" parameters of ").append(s.layers()).append(" layers (").append(report.model().framework())
			.append(").\n\n");
		boolean any = false;
		for (Rows.Row r : Rows.of(report).rows()) {
			if (r.worst() == null) {
				continue;
			}
			if (!any) {
				sb.append("| layer | parameter | fan_in | fan_out | declared std | intended std | ratio | finding |\n");
				sb.append("|---|---|---|---|---|---|---|---|\n");
				any = true;
			}
			sb.append("| ").append(escape(r.layer())).append(" | ").append(escape(r.parameter())).append(" | ").append(r.fanIn()).append(" | ")
				.append(r.fanOut()).append(" | ").append(r.declaredStd()).append(" | ").append(r.intendedStd()).append(" | ").append(r.ratio())
				.append(" | ").append(r.worst().severity()).append(" [`").append(r.worst().code()).append("`](").append(baseUrl)
				.append(r.worst().help()).append(") |\n");
		}
		if (!any) {
			sb.append("No parameter-level findings.\n");
		}
		if (!report.findings().isEmpty()) {
			sb.append("\n**Model**\n\n");
			for (AuditReport.FindingView f : report.findings()) {
				sb.append("- ").append(f.severity()).append(" [`").append(f.code()).append("`](").append(baseUrl).append(f.help()).append("): ")
					.append(escape(f.message())).append('\n');
			}
		}
		for (AuditReport.LayerReport l : report.layers()) {
			for (AuditReport.ParameterReport p : l.parameters()) {
				if (p.findings().isEmpty() || p.corrected() == null) {
					continue;
				}
				sb.append("\n<details><summary><code>").append(html(l.name() + "." + p.name())).append("</code>: ")
					.append(html(p.findings().get(0).message())).append("</summary>\n\n```python\n")
					.append(p.corrected().snippets().getOrDefault(report.model().framework(), p.corrected().snippets().get("pytorch")))
					.append("\n```\n</details>\n");
			}
		}
		return sb.toString();
	}

	private static String escape(String s) {
		return s.replace("|", "\\|").replace("\n", " ");
	}

	private static String html(String s) {
		return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
	}

}
