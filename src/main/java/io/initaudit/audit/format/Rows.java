package io.initaudit.audit.format;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.initaudit.audit.AuditReport;
import io.initaudit.core.Decimals;
import org.jspecify.annotations.Nullable;

/**
 * The report flattened to one row per parameter, as the text, Markdown and JUnit formats show it.
 */
record Rows(List<Row> rows) {

	/** One parameter. */
	record Row(String layer, String parameter, String fanIn, String fanOut, String declaredStd, String intendedStd, String ratio,
			AuditReport.@Nullable FindingView worst, List<AuditReport.FindingView> findings) {
	}

	static Rows of(AuditReport report) {
		List<Row> rows = new ArrayList<>();
		for (AuditReport.LayerReport l : report.layers()) {
			for (AuditReport.ParameterReport p : l.parameters()) {
				AuditReport.FindingView worst = p.findings().stream().max(Comparator.comparingInt(f -> rank(f.severity()))).orElse(null);
				String fanIn = "-";
				String fanOut = "-";
				if (p.fans() != null && p.fans().framework() != null) {
					fanIn = pair(p.fans().framework().fanIn(), p.fans().correct() == null ? null : p.fans().correct().fanIn());
					fanOut = pair(p.fans().framework().fanOut(), p.fans().correct() == null ? null : p.fans().correct().fanOut());
				}
				rows.add(new Row(l.name(), p.name(), fanIn, fanOut, num(p.declared().std()), p.intended() == null ? "-" : num(p.intended().std()),
						num(p.stdRatio()), worst, p.findings()));
			}
		}
		return new Rows(rows);
	}

	/** "framework/correct" when they differ, else the one value. */
	private static String pair(double framework, @Nullable Double correct) {
		if (correct == null || correct == framework) {
			return Decimals.format(framework).replaceAll("\\.0$", "");
		}
		return Decimals.format(framework).replaceAll("\\.0$", "") + "/" + Decimals.format(correct).replaceAll("\\.0$", "");
	}

	static String num(@Nullable Double v) {
		return v == null ? "-" : Decimals.format(v);
	}

	static int rank(String severity) {
		return switch (severity) {
			case "error" -> 3;
			case "warning" -> 2;
			case "info" -> 1;
			default -> 0;
		};
	}

}
