package io.initaudit.imports;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.initaudit.core.Decimals;
import io.initaudit.core.Distribution;
import io.initaudit.core.Family;
import io.initaudit.core.Gaussian;
import io.initaudit.model.InitDecl;
import io.initaudit.model.Layer;
import io.initaudit.model.ModelDescription;
import io.initaudit.model.ModelReader;
import io.initaudit.semantics.AssessContext;
import io.initaudit.semantics.Defaults;
import io.initaudit.semantics.InitSpec;
import io.initaudit.semantics.Initializers;
import io.initaudit.semantics.ParameterSpec;
import io.initaudit.semantics.Parameters;
import io.initaudit.semantics.Thresholds;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Recognises which PyTorch init wrote a parameter from its measured statistics, with a likelihood.
 * <p>
 * Every candidate's exact law at the parameter's real shape comes from the semantics catalogue: PyTorch's default,
 * kaiming_normal_/kaiming_uniform_ (fan_in, fan_out; relu, linear, tanh), xavier_normal_/xavier_uniform_ (gain 1,
 * relu's, tanh's), timm's lecun_normal_, orthogonal_ (only when the exporter measured the matrix orthonormal), and
 * normal_/uniform_/trunc_normal_ at round values near the measured std (0.02, 0.05, …) or, failing those, fitted to
 * it. The log-likelihood of a candidate adds up:
 * <ul>
 * <li>the measured std against the law's: log-ratio over its sampling error ½·√((κ + 2)/n), κ the law's excess
 * kurtosis;</li>
 * <li>the measured mean against the law's: over σ/√n;</li>
 * <li>the measured excess kurtosis, when exported, against the law's: over √(24/n) (0 normal, −0.63 a ±2σ truncation,
 * −1.2 uniform);</li>
 * <li>the largest |value|: impossible beyond a bounded law's bound, and the two-sided tail probability of the maximum
 * of n draws otherwise (a uniform sample never reaches 2σ, a normal one of 10⁴ values reaches ≈ 3.9σ);</li>
 * <li>a prior: the framework's default first, then the calls the layer's shape fixes (kaiming, xavier), then round
 * stds, then a std fitted to the sample, which pays ½·ln n more: a fitted law always fits, so it wins only where no
 * other law does.</li>
 * </ul>
 * Candidates that write the same law (fan_in and fan_out on a square weight; trunc_normal_ with bounds beyond 6σ and
 * normal_) are one hypothesis, named by the first of them.. The most likely law
 * is audited as declared; below {@link #SURE} it is marked unsure and the other candidates are listed.
 */
final class InitRecognizer {

	/** A posterior at least this high counts as recognised; below it the recognition is "unsure". */
	static final double SURE = 0.9;

	/** Candidates below this posterior are not listed. */
	static final double LISTED = 0.01;

	/**
	 * Prior penalties (minus log prior odds): most modules keep the framework's default; a shape-derived call (kaiming,
	 * xavier: about 20 of them) is a deliberate choice; a round std (1, 2, 2.5, 5 × 10^k: about 12 near any value)
	 * is one of many; a std fitted to the sample pays ½·ln n more (BIC: it always fits).
	 */
	static final double DEFAULT_PRIOR = 0.0;

	static final double NAMED_PRIOR = 1.5;

	static final double ROUND_PRIOR = 3.0;

	/** Relative error a float32 std carries whatever the count. */
	static final double FLOAT_NOISE = 1e-5;

	private static final String INIT = "torch.nn.init.";

	/** The measured statistics of one parameter. */
	record Evidence(double std, double mean, @Nullable Double min, @Nullable Double max, long count, @Nullable Double kurtosis,
			@Nullable Boolean orthonormal) {

		static Evidence of(JsonNode s, long elements) {
			return new Evidence(s.path("std").asDouble(), s.path("mean").asDouble(0), TorchManifestImporter.number(s, "min"),
					TorchManifestImporter.number(s, "max"), s.path("count").asLong(elements), TorchManifestImporter.number(s, "kurtosis"),
					s.path("orthonormal").isBoolean() ? s.get("orthonormal").asBoolean() : null);
		}

		double largest() {
			return Math.max(this.min == null ? 0 : Math.abs(this.min), this.max == null ? 0 : Math.abs(this.max));
		}

		boolean meanSignificant() {
			return Math.abs(this.mean) > 4 * this.std / Math.sqrt(Math.max(this.count, 1)) && Math.abs(this.mean) > 1e-7;
		}

	}

	/** A candidate: the call, its law at this parameter, and how much of it was fitted to the sample. */
	record Candidate(@Nullable String call, Distribution law, double penalty) {
	}

	/** A hypothesis (candidates writing one law) and its log-likelihood. */
	record Scored(List<Candidate> sameLaw, double logLikelihood) {

		Candidate first() {
			return this.sameLaw.get(0);
		}

	}

	/** The outcome for one parameter. */
	record Result(@Nullable String call, String display, Distribution law, double probability, boolean sure, List<String[]> listed) {
	}

	/**
	 * Sets {@code inits} (the most likely candidate per parameter) and {@code measured} (with the recognition) on every
	 * layer of the description, and adds a note per recognised parameter.
	 */
	void recognise(ObjectNode description, List<JsonNode> modules, List<String> notes) {
		ModelDescription model = new ModelReader().read(description);
		// First pass: which calls each parameter alone is sure of. A model is initialised by a few loops, so these
		// votes are the prior of the second pass (log(1 + votes)): a depthwise conv whose kaiming fan_out and xavier
		// laws differ by 0.3% goes with the rest of the network.
		// The candidates' laws (the costly part: every call resolved and assessed at the shape) serve both passes.
		Map<String, Integer> votes = new HashMap<>();
		Map<String, List<Candidate>> candidates = new HashMap<>();
		for (int i = 0; i < model.layers().size(); i++) {
			Layer layer = model.layers().get(i);
			JsonNode params = modules.get(i).path("parameters");
			for (ParameterSpec p : Parameters.of(layer)) {
				JsonNode stats = params.get(p.name());
				if (stats != null && stats.has("std")) {
					Evidence e = Evidence.of(stats, p.elements());
					List<Candidate> cs = e.std() == 0.0 || e.count() <= 1 ? List.of() : candidates(layer, p, e);
					candidates.put(i + "/" + p.name(), cs);
					Result r = recognise(cs, e, Map.of());
					if (r.sure() && r.law().family() != Family.CONSTANT) {
						votes.merge(key(r.call()), 1, Integer::sum);
					}
				}
			}
		}
		for (int i = 0; i < model.layers().size(); i++) {
			Layer layer = model.layers().get(i);
			ObjectNode l = (ObjectNode) description.get("layers").get(i);
			JsonNode params = modules.get(i).path("parameters");
			ObjectNode measured = l.objectNode();
			ObjectNode inits = l.objectNode();
			Set<String> used = new LinkedHashSet<>();
			for (ParameterSpec p : Parameters.of(layer)) {
				JsonNode stats = params.get(p.name());
				if (stats == null || !stats.has("std")) {
					continue;
				}
				ObjectNode m = measured.putObject(p.name());
				for (String k : List.of("std", "mean", "min", "max", "count", "kurtosis")) {
					if (stats.has(k) && stats.get(k).isNumber()) {
						m.set(k, stats.get(k));
					}
				}
				Result r = recognise(candidates.get(i + "/" + p.name()), Evidence.of(stats, p.elements()), votes);
				used.add(p.name());
				if (r.call() != null) {
					inits.put(p.name(), r.call());
				}
				ObjectNode rec = m.putObject("recognition");
				rec.put("init", r.display());
				rec.put("likelihood", round(r.probability(), 3));
				rec.put("sure", r.sure());
				ArrayNode cs = rec.putArray("candidates");
				r.listed().forEach(c -> cs.addObject().put("init", c[0]).put("likelihood", Double.parseDouble(c[1])));
				String where = layer.name() + "." + p.name();
				if (r.law().family() == Family.CONSTANT) {
					continue;
				}
				notes.add(where + ": " + (r.sure() ? "recognised " + r.display() + " (likelihood " + c2(r.probability()) + ")"
						: "unsure which init wrote std " + Decimals.format(stats.path("std").asDouble()) + "; audited as the most likely, "
								+ String.join(", ", r.listed().stream().map(c -> c[0] + " (" + c[1] + ")").toList())));
			}
			for (String name : params.propertyNames()) {
				if (!used.contains(name)) {
					notes.add(layer.name() + "." + name + ": a parameter InitAudit does not model for a " + layer.type().jsonName() + " layer; not audited");
				}
			}
			if (!measured.isEmpty()) {
				l.set("measured", measured);
			}
			if (!inits.isEmpty()) {
				l.set("inits", inits);
			}
		}
	}

	/** The recognition of one parameter of a layer, with the model's votes (call → parameters sure of it) as prior. */
	static Result recognise(Layer layer, ParameterSpec p, Evidence e, Map<String, Integer> votes) {
		return recognise(candidates(layer, p, e), e, votes);
	}

	/** The recognition among {@code candidates} (from {@link #candidates}). */
	static Result recognise(List<Candidate> candidates, Evidence e, Map<String, Integer> votes) {
		if (e.std() == 0.0 || e.count() <= 1) {
			String call = constant(e.mean());
			List<String[]> only = new ArrayList<>();
			only.add(new String[] { call, "1.00" });
			return new Result(call, call, Distribution.constant(e.mean()), 1.0, true, only);
		}
		List<Scored> scored = score(candidates, e, votes);
		double best = scored.stream().mapToDouble(Scored::logLikelihood).max().orElse(Double.NEGATIVE_INFINITY);
		double total = scored.stream().mapToDouble(s -> Math.exp(s.logLikelihood() - best)).sum();
		scored.sort((a, b) -> Double.compare(b.logLikelihood(), a.logLikelihood()));
		Scored top = scored.get(0);
		double probability = Math.exp(top.logLikelihood() - best) / total;
		List<String[]> listed = new ArrayList<>();
		for (Scored s : scored) {
			double pr = Math.exp(s.logLikelihood() - best) / total;
			if (pr >= LISTED || s == top) {
				listed.add(new String[] { display(s.first()), c2(pr) });
			}
		}
		return new Result(top.first().call(), display(top.first()), top.first().law(), probability, probability >= SURE, listed);
	}

	/** Every candidate's law at this parameter. */
	static List<Candidate> candidates(Layer layer, ParameterSpec p, Evidence e) {
		Set<String> calls = new LinkedHashSet<>();
		List<Candidate> out = new ArrayList<>();
		Distribution byDefault = law(layer, p, null);
		if (byDefault != null && byDefault.std() > 0) {
			out.add(new Candidate(null, byDefault, DEFAULT_PRIOR));
		}
		if (p.shape().size() >= 2) {
			for (String sampling : List.of("normal", "uniform")) {
				for (String mode : List.of("fan_in", "fan_out")) {
					for (String nl : List.of("relu", "linear", "tanh")) {
						calls.add(INIT + "kaiming_" + sampling + "_(w, mode='" + mode + "', nonlinearity='" + nl + "')");
					}
				}
				calls.add(INIT + "xavier_" + sampling + "_(w)");
				calls.add(INIT + "xavier_" + sampling + "_(w, gain=torch.nn.init.calculate_gain('relu'))");
				calls.add(INIT + "xavier_" + sampling + "_(w, gain=torch.nn.init.calculate_gain('tanh'))");
			}
			calls.add("timm.layers.lecun_normal_(w)");
			if (Boolean.TRUE.equals(e.orthonormal())) {
				calls.add(INIT + "orthogonal_(w)");
				calls.add(INIT + "orthogonal_(w, gain=" + Decimals.format(orthogonalGain(layer, p, e)) + ")");
			}
		}
		for (String call : calls) {
			Distribution d = law(layer, p, call);
			if (d != null && d.std() > 0) {
				out.add(new Candidate(call, d, NAMED_PRIOR));
			}
		}
		// Laws with the std as the parameter: at round values near the measured one, then fitted.
		String mean = e.meanSignificant() ? "mean=" + Decimals.format(round(e.mean(), 3)) + ", " : "";
		double m = e.meanSignificant() ? round(e.mean(), 3) : 0.0;
		for (double s : roundNear(e.std())) {
			out.add(explicit(layer, p, INIT + "normal_(w, " + mean + "std=" + Decimals.format(s) + ")", ROUND_PRIOR));
		}
		for (double s : roundNear(e.std() / Gaussian.TRUNCATED_AT_TWO_SIGMA_STD)) {
			String sd = Decimals.format(s);
			out.add(explicit(layer, p, INIT + "trunc_normal_(w, " + mean + "std=" + sd + ", a=" + Decimals.format(m - 2 * s) + ", b="
					+ Decimals.format(m + 2 * s) + ")", ROUND_PRIOR));
		}
		for (double s : roundNear(e.std())) {
			out.add(explicit(layer, p, INIT + "trunc_normal_(w, " + mean + "std=" + Decimals.format(s) + ")", ROUND_PRIOR));
		}
		for (double b : roundNear(e.std() * Math.sqrt(3))) {
			out.add(explicit(layer, p, INIT + "uniform_(w, a=" + Decimals.format(m - b) + ", b=" + Decimals.format(m + b) + ")", ROUND_PRIOR));
		}
		double fitted = ROUND_PRIOR + 0.5 * Math.log(Math.max(e.count(), 2));
		double s = round(e.std(), 3);
		out.add(explicit(layer, p, INIT + "normal_(w, " + mean + "std=" + Decimals.format(s) + ")", fitted));
		double t = round(e.std() / Gaussian.TRUNCATED_AT_TWO_SIGMA_STD, 3);
		out.add(explicit(layer, p, INIT + "trunc_normal_(w, " + mean + "std=" + Decimals.format(t) + ", a=" + Decimals.format(m - 2 * t) + ", b="
				+ Decimals.format(m + 2 * t) + ")", fitted));
		double u = round(e.std() * Math.sqrt(3), 3);
		out.add(explicit(layer, p, INIT + "uniform_(w, a=" + Decimals.format(m - u) + ", b=" + Decimals.format(m + u) + ")", fitted));
		return out.stream().filter(c -> c.law() != null).toList();
	}

	private static Candidate explicit(Layer layer, ParameterSpec p, String call, double penalty) {
		return new Candidate(call, law(layer, p, call), penalty);
	}

	/** The law {@code call} writes into {@code p} ({@code null}: the framework's default), per the catalogue. */
	static @Nullable Distribution law(Layer layer, ParameterSpec p, @Nullable String call) {
		InitSpec spec = call == null ? Defaults.forParameter(p, layer) : Initializers.resolve(new InitDecl.CallText(call), layer.framework(), layer.kind());
		try {
			return spec.assess(new AssessContext(p, layer.kind(), null, 0, null, Thresholds.DEFAULT, call == null)).declared();
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	/** Groups candidates writing the same law, and scores each group by its best member. */
	static List<Scored> score(List<Candidate> candidates, Evidence e, Map<String, Integer> votes) {
		List<Scored> groups = new ArrayList<>();
		for (Candidate c : candidates) {
			double ll = logLikelihood(c.law(), e) - c.penalty() + Math.log1p(votes.getOrDefault(key(c.call()), 0));
			Scored same = groups.stream().filter(g -> sameLaw(g.first().law(), c.law())).findFirst().orElse(null);
			if (same == null) {
				groups.add(new Scored(new ArrayList<>(List.of(c)), ll));
			}
			else {
				same.sameLaw().add(c);
				if (ll > same.logLikelihood()) {
					groups.set(groups.indexOf(same), new Scored(same.sameLaw(), ll));
				}
			}
		}
		return groups;
	}

	/** The log-likelihood of the evidence under a law (up to a constant shared by all laws). */
	static double logLikelihood(Distribution d, Evidence e) {
		long n = Math.max(e.count(), 2);
		double kappa = d.excessKurtosis();
		double seLogStd = Math.hypot(0.5 * Math.sqrt(Math.max(kappa + 2, 0.05) / n), FLOAT_NOISE);
		double zStd = Math.log(e.std() / d.std()) / seLogStd;
		double zMean = (e.mean() - d.mean()) / (d.std() / Math.sqrt(n) + FLOAT_NOISE * d.std());
		double ll = -0.5 * zStd * zStd - 0.5 * zMean * zMean;
		if (e.kurtosis() != null && !Double.isNaN(kappa)) {
			double zK = (e.kurtosis() - kappa) / Math.sqrt(24.0 / n);
			ll -= 0.5 * zK * zK;
		}
		if (e.min() != null && e.max() != null) {
			double bound = Math.max(d.lower() == null ? Double.POSITIVE_INFINITY : Math.abs(d.lower() - d.mean()),
					d.upper() == null ? Double.POSITIVE_INFINITY : Math.abs(d.upper() - d.mean()));
			double largest = e.largest();
			if (largest > bound * (1 + 1e-5) + 1e-12) {
				return Double.NEGATIVE_INFINITY;
			}
			ll += Math.max(-200.0, Math.log(maxTailProbability(d, largest, n)));
		}
		return ll;
	}

	/** Two-sided probability of the largest |value| of n draws being as extreme as {@code largest}. */
	static double maxTailProbability(Distribution d, double largest, long n) {
		double within = within(d, largest);
		if (within >= 1.0) {
			return 1.0;
		}
		double logAll = n * Math.log1p(-(1.0 - within));
		double below = Math.exp(logAll);
		double above = -Math.expm1(logAll);
		return Math.min(1.0, 2.0 * Math.min(below, above));
	}

	/** P(|x − mean| ≤ m) under the law. */
	static double within(Distribution d, double m) {
		return switch (d.family()) {
			case UNIFORM -> Math.min(1.0, 2 * m / (d.upper() - d.lower()));
			case TRUNCATED_NORMAL -> {
				double s = d.paramStd() == null ? d.std() : d.paramStd();
				double lo = (d.lower() - d.mean()) / s;
				double hi = (d.upper() - d.mean()) / s;
				yield Math.min(1.0, Gaussian.mass(Math.max(lo, -m / s), Math.min(hi, m / s)) / Gaussian.mass(lo, hi));
			}
			default -> Gaussian.mass(-m / d.std(), m / d.std());
		};
	}

	private static boolean sameLaw(Distribution a, Distribution b) {
		return a.family().jsonName().equals(b.family().jsonName()) && close(a.std(), b.std()) && close(a.mean(), b.mean())
				&& sameBound(a.upper(), b.upper(), a.std()) && sameBound(a.lower(), b.lower(), a.std())
				|| effectivelyNormal(a) && effectivelyNormal(b) && close(a.std(), b.std()) && close(a.mean(), b.mean());
	}

	/** A normal, or a truncated normal whose bounds lie beyond 6σ: no sample tells them apart. */
	private static boolean effectivelyNormal(Distribution d) {
		return d.family() == Family.NORMAL || d.family() == Family.TRUNCATED_NORMAL && d.upper() != null && d.lower() != null
				&& Math.min(d.upper() - d.mean(), d.mean() - d.lower()) > 6 * d.std();
	}

	private static boolean sameBound(@Nullable Double a, @Nullable Double b, double scale) {
		return a == null ? b == null : b != null && Math.abs(a - b) <= 1e-9 * Math.max(scale, Math.abs(a));
	}

	private static boolean close(double a, double b) {
		return Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b)) + 1e-15;
	}

	/** Round values (1, 2, 2.5, 5 × 10^k) within a factor 1.5 of {@code x}. */
	static List<Double> roundNear(double x) {
		List<Double> out = new ArrayList<>();
		int k = (int) Math.floor(Math.log10(x));
		for (int e = k - 1; e <= k + 1; e++) {
			for (double mant : new double[] { 1, 2, 2.5, 5 }) {
				double v = Double.parseDouble(mant + "E" + e);
				if (v >= x / 1.5 && v <= x * 1.5) {
					out.add(v);
				}
			}
		}
		return out;
	}

	/** The gain an orthogonal_ call needs to write the measured std. */
	private static double orthogonalGain(Layer layer, ParameterSpec p, Evidence e) {
		Distribution unit = law(layer, p, INIT + "orthogonal_(w)");
		return unit == null || unit.std() == 0 ? 1.0 : round(e.std() / unit.std(), 2);
	}

	private static String constant(double value) {
		if (value == 0.0) {
			return INIT + "zeros_(w)";
		}
		if (value == 1.0) {
			return INIT + "ones_(w)";
		}
		return INIT + "constant_(w, " + Decimals.format(value) + ")";
	}

	private static String key(@Nullable String call) {
		return call == null ? "" : call;
	}

	private static String display(Candidate c) {
		return c.call() == null ? "PyTorch's default init" : c.call();
	}

	/** {@code x} to {@code digits} significant digits. */
	static double round(double x, int digits) {
		if (x == 0 || !Double.isFinite(x)) {
			return x;
		}
		return Double.parseDouble(String.format(Locale.ROOT, "%." + (digits - 1) + "e", x));
	}

	private static String c2(double p) {
		return String.format(Locale.ROOT, "%.2f", p);
	}

}
