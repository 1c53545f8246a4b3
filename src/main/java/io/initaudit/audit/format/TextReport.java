package io.initaudit.audit.format;

import java.util.ArrayList;
import java.util.List;

import io.initaudit.audit.AuditReport;

/**
 * A fixed-width table for CI logs: layer, parameter, fans (framework/correct), declared and intended std, their
 * ratio and the worst finding; then the model-level findings and the verdict.
 */
public final class TextReport {

	private static final String[] HEADER = { "layer", "parameter", "fan_in", "fan_out", "declared std", "intended std", "ratio", "worst finding" };

	private TextReport() {
	}

	public static String render(AuditReport report) {
		List<String[]> table = new ArrayList<>();
		table.add(HEADER);
		for (Rows.Row r : Rows.of(report).rows()) {
			String worst = r.worst() == null ? "" : r.worst().severity() + " " + r.worst().code();
			table.add(new String[] { r.layer(), r.parameter(), r.fanIn(), r.fanOut(), r.declaredStd(), r.intendedStd(), r.ratio(), worst });
		}
		int[] width = new int[HEADER.length];
		for (String[] row : table) {
			for (int i = 0; i < row.length; i++) {
				width[i] = Math.max(width[i], row[i].length());
			}
		}
		StringBuilder sb = new StringBuilder();
		sb.append("InitAudit ").append(report.model().name()).append(" (").append(report.model().framework()).append(")  report ")
			.append(report.id()).append('\n');
		for (int r = 0; r < table.size(); r++) {
			String[] row = table.get(r);
			StringBuilder line = new StringBuilder();
			for (int i = 0; i < row.length; i++) {
				line.append(i == 0 ? "" : "  ").append(pad(row[i], width[i]));
			}
			sb.append(line.toString().stripTrailing()).append('\n');
			if (r == 0) {
				sb.append("-".repeat(line.toString().stripTrailing().length())).append('\n');
			}
		}
		for (AuditReport.FindingView f : report.findings()) {
			sb.append('\n').append(f.severity()).append(' ').append(f.code()).append(": ").append(f.message()).append('\n');
		}
		for (Rows.Row r : Rows.of(report).rows()) {
			for (AuditReport.FindingView f : r.findings()) {
				sb.append('\n').append(f.severity()).append(' ').append(f.code()).append(" at ").append(r.layer()).append('.').append(r.parameter())
					.append(": ").append(f.message()).append('\n');
			}
		}
		AuditReport.Summary s = report.summary();
		sb.append("\nverdict: ").append(report.verdict()).append(" (").append(s.errors()).append(" errors, ").append(s.warnings())
			.append(" warnings, ").append(s.infos()).append(" infos in ").append(s.parameters()).append(" parameters)\n");
		return sb.toString();
	}

	private static String pad(String s, int width) {
		return s + " ".repeat(Math.max(0, width - s.length()));
	}

}
