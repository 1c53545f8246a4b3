package io.initaudit.audit;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.initaudit.model.MeasuredStats;
import io.initaudit.sampling.SampleStats;
import org.jspecify.annotations.Nullable;

/**
 * The audit of one model description (design/api.md §2): per layer and parameter what the framework computes,
 * what it writes, what was meant, what is wrong and how to fix it.
 *
 * @param id report id
 * @param createdAt when the audit ran
 * @param model the model audited
 * @param verdict {@code fail} (an error), {@code warn} (a warning) or {@code pass}
 * @param summary counts
 * @param layers per layer
 * @param findings model-level findings
 * @param notes fields of the request that were ignored, with their JSON Pointer
 */
public record AuditReport(String id, Instant createdAt, ModelInfo model, String verdict, Summary summary, List<LayerReport> layers,
		List<FindingView> findings, List<Note> notes) {

	/**
	 * The report with only what is wrong ({@code detail=findings}): the parameters that have findings, in the layers
	 * that hold them, with the summary, model-level findings and notes unchanged.
	 */
	public AuditReport findingsOnly() {
		List<LayerReport> kept = new java.util.ArrayList<>();
		for (LayerReport l : this.layers) {
			List<ParameterReport> ps = l.parameters().stream().filter(p -> !p.findings().isEmpty()).toList();
			if (!ps.isEmpty()) {
				kept.add(new LayerReport(l.name(), l.type(), l.framework(), ps));
			}
		}
		return new AuditReport(this.id, this.createdAt, this.model, this.verdict, this.summary, List.copyOf(kept), this.findings, this.notes);
	}

	/** The audited model's name and framework. */
	public record ModelInfo(String name, String framework) {
	}

	/** Counts of layers, parameters and findings by severity (parameter- and model-level together). */
	public record Summary(int layers, int parameters, int errors, int warnings, int infos) {
	}

	/** One layer and its parameters. */
	public record LayerReport(String name, String type, String framework, List<ParameterReport> parameters) {
	}

	/**
	 * One parameter tensor.
	 *
	 * @param name the framework's name for it
	 * @param shape its shape in the framework's layout
	 * @param fans what the framework computes and the group-aware fans; {@code null} for parameters without fans
	 * @param declared the law the declared (or default) init writes
	 * @param intended what was meant; {@code null} where nothing is judged
	 * @param stdRatio declared.std / intended.std
	 * @param findings what is wrong
	 * @param corrected the law with the intended std and snippets to paste; {@code null} where nothing is judged
	 * @param userMeasured statistics the user measured in their framework, when sent
	 * @param measured the declared and corrected laws sampled with ND4J, with {@code measure=true}
	 */
	public record ParameterReport(String name, List<Long> shape, @Nullable FanReport fans, Declared declared, @Nullable Intended intended,
			@Nullable Double stdRatio, List<FindingView> findings, @Nullable Corrected corrected,
			@JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Measured userMeasured,
			@JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Sampled measured) {
	}

	/**
	 * Both laws sampled at the parameter's real shape (design/api.md §3).
	 *
	 * @param declared statistics of the declared law, {@code null} when it was not sampled
	 * @param corrected statistics of the corrected law, {@code null} when there is none
	 * @param cap the most values sampled per law
	 * @param device where it was sampled
	 * @param note why a law was not sampled, if one was not
	 */
	public record Sampled(@Nullable SampleStats declared, @Nullable SampleStats corrected, int cap,
			String device, @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String note) {
	}

	/** Fans as the framework computes them and as they should be. */
	public record FanReport(@Nullable FanPair framework, @Nullable FanPair correct) {
	}

	public record FanPair(double fanIn, double fanOut) {
	}

	/**
	 * What the declared init writes: {@code std} after truncation or folding, {@code paramStd} the σ handed to
	 * the sampler, {@code lower}/{@code upper} the bounds in force.
	 */
	public record Declared(String init, boolean frameworkDefault, @Nullable String family, @Nullable Double mean, @Nullable Double std,
			@Nullable Double paramStd, @Nullable Double lower, @Nullable Double upper) {
	}

	public record Intended(String scheme, @Nullable String mode, @Nullable Double gain, double std, boolean ambiguous) {
	}

	/** The corrected law and ready-to-paste snippets per framework. */
	public record Corrected(String family, double std, @Nullable Double paramStd, @Nullable Double lower, @Nullable Double upper,
			Map<String, String> snippets) {
	}

	/** User-measured statistics and how far they are from the declared law. */
	public record Measured(double std, @Nullable Double mean, @Nullable Long count, @Nullable Double expectedStd, @Nullable Double stdRatio,
			@JsonInclude(JsonInclude.Include.NON_NULL) MeasuredStats.@Nullable Recognition recognition) {
	}

	/**
	 * A finding as reported; {@code layer}/{@code parameter} are set on parameter-level findings in flattened
	 * lists, {@code help} points at the code's documentation.
	 */
	public record FindingView(String code, String severity, String message, Map<String, Object> evidence,
			@JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String layer, @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String parameter,
			String help) {
	}

	/** Something in the request that was accepted but ignored. */
	public record Note(String pointer, String message) {
	}

}
