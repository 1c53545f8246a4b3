package io.initaudit.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.Map;

import io.initaudit.core.Decimals;
import io.initaudit.core.Distribution;
import io.initaudit.core.Family;
import io.initaudit.core.Fans;
import io.initaudit.model.InitDecl;
import io.initaudit.model.Layer;
import io.initaudit.model.MeasuredStats;
import io.initaudit.model.ModelDescription;
import io.initaudit.sampling.InitialWeights;
import io.initaudit.semantics.Assessment;
import io.initaudit.semantics.Declarations;
import io.initaudit.semantics.FanRule;
import io.initaudit.semantics.Finding;
import io.initaudit.semantics.FindingCode;
import io.initaudit.semantics.InitSpec;
import io.initaudit.semantics.ParameterSpec;
import io.initaudit.semantics.Parameters;
import io.initaudit.semantics.Role;
import io.initaudit.semantics.Severity;
import io.initaudit.semantics.Thresholds;
import org.jspecify.annotations.Nullable;

/**
 * Audits a model description: a pure function from the description to a report.
 */
public final class Auditor {

	private final Thresholds thresholds;

	public Auditor(Thresholds thresholds) {
		this.thresholds = thresholds;
	}

	/** One audited parameter, before it is turned into its report form (model-level findings read these). */
	/**
	 * @param frameworkFans what the report calls {@code fans.framework}: the fans the framework's code computes for this
	 * init, which is its fan function on the shape except where the code reads another quantity instead (torch's RNN
	 * default reads hidden_size: there the fan function's answer is reported)
	 */
	record Audited(Layer layer, ParameterSpec param, Assessment assessment, String initText, boolean isDefault, @Nullable Fans frameworkFans) {
	}

	/** Samples a parameter's declared and corrected laws (measure=true); implemented with the Sampler port. */
	@FunctionalInterface
	public interface Measurer {

		AuditReport.Sampled measure(ParameterSpec param, @Nullable Distribution declared, @Nullable Distribution corrected, long seed);

	}

	public AuditReport audit(ModelDescription model, String id, Instant createdAt) {
		return audit(model, id, createdAt, null);
	}

	public AuditReport audit(ModelDescription model, String id, Instant createdAt, @Nullable Measurer measurer) {
		List<AuditReport.LayerReport> layers = new ArrayList<>();
		List<Audited> all = new ArrayList<>();
		int[] counts = new int[Severity.values().length];
		int parameters = 0;
		Set<String> normalized = Normalized.layers(model);
		for (Layer layer : model.layers()) {
			List<AuditReport.ParameterReport> params = new ArrayList<>();
			for (ParameterSpec p : Parameters.of(layer)) {
				Declarations.Assessed assessed = Declarations.assess(layer, p, this.thresholds);
				InitDecl decl = assessed.declaration();
				InitSpec spec = assessed.spec();
				Assessment a = assessed.assessment();
				List<Finding> findings = new ArrayList<>(normalized.contains(layer.name())
						? a.findings().stream().map(Normalized::rated).toList() : a.findings());
				AuditReport.Measured measured = measured(layer, p, a, findings);
				boolean readsHiddenSize = spec instanceof InitSpec.FanScaled fs && fs.fanRule() == FanRule.RNN_HIDDEN_SIZE;
				Fans frameworkFans = readsHiddenSize || a.fansUsed() == null ? p.frameworkFans() : a.fansUsed();
				Audited audited = new Audited(layer, p, a, decl == null ? spec.label() : decl.text(), decl == null, frameworkFans);
				all.add(audited);
				AuditReport.Sampled sampled = measurer == null ? null
						: measurer.measure(p, a.declared(), a.corrected(), InitialWeights.seed(SAMPLING_SEED, layer, p));
				params.add(report(audited, findings, measured, sampled));
				findings.forEach(f -> counts[f.severity().ordinal()]++);
				parameters++;
			}
			layers.add(new AuditReport.LayerReport(layer.name(), layer.type().jsonName(), layer.framework().jsonName(), params));
		}
		List<Finding> modelFindings = ModelFindings.of(model, all, this.thresholds);
		modelFindings.forEach(f -> counts[f.severity().ordinal()]++);
		List<AuditReport.FindingView> modelViews = modelFindings.stream().map(f -> view(f, null, null)).toList();
		int errors = counts[Severity.ERROR.ordinal()];
		int warnings = counts[Severity.WARNING.ordinal()];
		String verdict = errors > 0 ? "fail" : (warnings > 0 ? "warn" : "pass");
		List<AuditReport.Note> notes = model.notes().stream().map(v -> new AuditReport.Note(v.pointer(), v.detail())).toList();
		return new AuditReport(id, createdAt, new AuditReport.ModelInfo(model.name(), model.framework().jsonName()), verdict,
				new AuditReport.Summary(model.layers().size(), parameters, errors, warnings, counts[Severity.INFO.ordinal()]), layers, modelViews,
				notes);
	}

	/** The run seed of {@code measure=true}: each parameter's seed is {@link InitialWeights#seed} of it, so sampling is reproducible. */
	static final long SAMPLING_SEED = 0x1A17_A0D1L;

	private AuditReport.ParameterReport report(Audited au, List<Finding> findings, AuditReport.@Nullable Measured measured,
			AuditReport.@Nullable Sampled sampled) {
		ParameterSpec p = au.param();
		Assessment a = au.assessment();
		Distribution d = a.declared();
		AuditReport.FanReport fans = au.frameworkFans() == null && p.correctFans() == null ? null
				: new AuditReport.FanReport(pair(au.frameworkFans()), pair(p.correctFans()));
		AuditReport.Declared declared = new AuditReport.Declared(au.initText(), au.isDefault(), d == null ? null : d.family().jsonName(),
				d == null ? null : d.mean(), d == null ? null : d.std(), d == null ? null : d.paramStd(), d == null ? null : d.lower(),
				d == null ? null : d.upper());
		var in = a.intended();
		AuditReport.Intended intended = in == null ? null
				: new AuditReport.Intended(in.scheme(), in.mode() == null ? null : in.mode().jsonName(), in.gain(), in.std(), in.ambiguous());
		Double ratio = in != null && d != null && in.std() > 0 ? d.std() / in.std() : null;
		AuditReport.Corrected corrected = null;
		if (a.corrected() != null && in != null) {
			Distribution c = a.corrected();
			int blocks = d != null && d.family() == Family.ORTHOGONAL ? p.stackedBlocks() : 1;
			corrected = new AuditReport.Corrected(c.family().jsonName(), c.std(), c.paramStd(), c.lower(), c.upper(),
					Snippets.of(c, a.correctedSampling(), in.mode(), p, au.layer().framework(), blocks));
		}
		List<AuditReport.FindingView> views = findings.stream().sorted(Comparator.comparing(Finding::severity).reversed()).map(f -> view(f, null, null))
				.toList();
		return new AuditReport.ParameterReport(p.name(), p.shape(), fans, declared, intended, ratio, views, corrected, measured, sampled);
	}

	/** Compares user-measured statistics with the declared law; a mismatch beyond sampling error is a finding. */
	private AuditReport.@Nullable Measured measured(Layer layer, ParameterSpec p, Assessment a, List<Finding> findings) {
		MeasuredStats m = layer.measured().get(p.name());
		if (m == null && p.role() == Role.WEIGHT && isMainWeight(layer, p)) {
			m = layer.measured().get(Layer.MAIN_PARAMETER);
		}
		if (m == null) {
			return null;
		}
		Distribution d = a.declared();
		if (d == null || d.std() == 0) {
			return new AuditReport.Measured(m.std(), m.mean(), m.count(), d == null ? null : d.std(), null, m.recognition());
		}
		double ratio = m.std() / d.std();
		// The std of n samples has relative standard error ≈ 1/√(2n) (normal law); allow 4 of those on top.
		long n = m.count() != null ? m.count() : p.elements();
		double tolerance = this.thresholds.measuredTolerance() + 4.0 / Math.sqrt(2.0 * Math.max(n, 1));
		if (Math.abs(ratio - 1) > tolerance) {
			findings.add(new Finding(FindingCode.MEASURED_STD_MISMATCH, this.thresholds.ofRatio(ratio),
					"the measured std %s is %s× the std %s the declared init should give (tolerance ±%s)".formatted(fmt(m.std()), fmt(ratio),
							fmt(d.std()), fmt(tolerance)),
					Map.of("measuredStd", m.std(), "expectedStd", d.std(), "stdRatio", ratio, "tolerance", tolerance)));
		}
		return new AuditReport.Measured(m.std(), m.mean(), m.count(), d.std(), ratio, m.recognition());
	}

	private static boolean isMainWeight(Layer layer, ParameterSpec p) {
		return Parameters.of(layer).stream().filter(q -> q.role() == Role.WEIGHT).findFirst().map(q -> q.name().equals(p.name())).orElse(false);
	}

	static AuditReport.FindingView view(Finding f, @Nullable String layer, @Nullable String parameter) {
		return new AuditReport.FindingView(f.code().name(), f.severity().jsonName(), f.message(), f.evidence(), layer, parameter,
				f.code().helpPath());
	}

	private static AuditReport.@Nullable FanPair pair(@Nullable Fans f) {
		return f == null ? null : new AuditReport.FanPair(f.fanIn(), f.fanOut());
	}

	static String fmt(double v) {
		return Decimals.format(v);
	}

}
