package io.initaudit.imports;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.initaudit.core.Decimals;
import io.initaudit.core.Distribution;
import io.initaudit.core.Family;
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
import io.initaudit.semantics.Role;
import io.initaudit.semantics.Thresholds;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Recognises which PyTorch init wrote a weight from its measured statistics: each candidate's exact law is
 * computed by the semantics catalogue for the weight's real shape, and the candidate whose std is within sampling
 * error and whose shape (bound/std: √3 for uniform, ≈2.27 for a ±2σ truncation, larger for a normal) matches wins.
 * Ties between identical laws (fan_in vs fan_out on a square layer) go to the candidate the rest of the model uses.
 */
final class InitRecognizer {

	/** Candidates in the order they are preferred on an exact tie. {@code null}: PyTorch's default. */
	static final List<String> CANDIDATES = Arrays.asList(null, "torch.nn.init.kaiming_normal_(w, mode='fan_out', nonlinearity='relu')",
			"torch.nn.init.kaiming_normal_(w, mode='fan_in', nonlinearity='relu')",
			"torch.nn.init.kaiming_uniform_(w, mode='fan_in', nonlinearity='relu')",
			"torch.nn.init.kaiming_uniform_(w, mode='fan_out', nonlinearity='relu')", "torch.nn.init.xavier_uniform_(w)",
			"torch.nn.init.xavier_normal_(w)", "timm.layers.lecun_normal_(w)", "torch.nn.init.trunc_normal_(w, std=0.02)",
			"torch.nn.init.normal_(w, std=0.01)", "torch.nn.init.normal_(w, std=0.02)", "torch.nn.init.normal_(w, std=0.001)",
			"torch.nn.init.normal_(w, std=1.0)", "torch.nn.init.orthogonal_(w)");

	/** Sampling error floor: below this relative deviation a std counts as matching whatever the count. */
	static final double STD_FLOOR = 0.002;

	/** A std more than this many standard errors away is not a match. */
	static final double MAX_Z = 6.0;

	/** Shape classes by max|w|/std: a uniform law has √3 = 1.73, a ±2σ truncated normal 2.27, a normal more. */
	enum Shape {
		UNIFORM, TRUNCATED, NORMAL, UNKNOWN;

		static Shape of(@Nullable Double min, @Nullable Double max, double std, long count) {
			if (min == null || max == null || std <= 0) {
				return UNKNOWN;
			}
			double r = Math.max(Math.abs(min), Math.abs(max)) / std;
			if (r < 1.9) {
				return UNIFORM;
			}
			// A normal sample of n values reaches about √(2 ln n) std; a ±2σ truncation never passes 2.27.
			if (r < 2.45 && count > 200) {
				return TRUNCATED;
			}
			return count > 200 ? NORMAL : UNKNOWN;
		}

		static Shape of(Distribution d) {
			if (d.family() == Family.UNIFORM) {
				return UNIFORM;
			}
			if ((d.family() == Family.TRUNCATED_NORMAL || d.family() == Family.TRUNCATED_NORMAL_REDRAW_ONCE) && d.upper() != null
					&& d.upper() / d.std() < 3.0) {
				return TRUNCATED;
			}
			return d.family() == Family.ORTHOGONAL ? UNKNOWN : NORMAL;
		}
	}

	/** A candidate's fit to one weight. */
	record Fit(@Nullable String candidate, double z, double expectedStd) {
	}

	/**
	 * Sets {@code init} (or the measured law, when nothing matches) and {@code measured} on every weight layer of
	 * the description, and adds a note per weight.
	 */
	void recognise(ObjectNode description, List<JsonNode> modules, List<String> notes) {
		ModelDescription model = new ModelReader().read(description);
		List<List<Fit>> fitsPerLayer = new ArrayList<>();
		List<ParameterSpec> weights = new ArrayList<>();
		Map<String, Integer> votes = new HashMap<>();
		for (int i = 0; i < model.layers().size(); i++) {
			Layer layer = model.layers().get(i);
			JsonNode params = modules.get(i).path("parameters");
			ParameterSpec weight = Parameters.of(layer).stream().filter(p -> p.role() == Role.WEIGHT).findFirst().orElse(null);
			JsonNode stats = weight == null ? null : params.get(weight.name());
			List<Fit> fits = weight != null && stats != null && stats.has("std") ? fits(layer, weight, stats) : List.of();
			if (unambiguous(fits)) {
				votes.merge(String.valueOf(fits.get(0).candidate()), 1, Integer::sum);
			}
			fitsPerLayer.add(fits);
			weights.add(weight);
		}
		for (int i = 0; i < model.layers().size(); i++) {
			ObjectNode l = (ObjectNode) description.get("layers").get(i);
			JsonNode params = modules.get(i).path("parameters");
			setMeasured(l, params);
			for (ParameterSpec p : Parameters.of(model.layers().get(i))) {
				JsonNode b = params.get(p.name());
				// A bias written as a constant (zeros_, constant_) is recognised by its zero spread.
				if (p.role() == Role.BIAS && b != null && b.path("std").asDouble(-1) == 0.0) {
					l.put("bias_init", "torch.nn.init.constant_(b, " + Decimals.format(b.path("mean").asDouble(0)) + ")");
				}
			}
			ParameterSpec weight = weights.get(i);
			if (weight == null || !params.has(weight.name())) {
				continue;
			}
			JsonNode stats = params.get(weight.name());
			String where = model.layers().get(i).name() + "." + weight.name();
			List<Fit> fits = fitsPerLayer.get(i);
			if (fits.isEmpty()) {
				double std = stats.path("std").asDouble();
				l.put("init", "torch.nn.init.normal_(w, mean=" + Decimals.format(stats.path("mean").asDouble(0)) + ", std=" + Decimals.format(std) + ")");
				notes.add(where + ": no known init writes std " + Decimals.format(std) + " here; audited as the measured law");
				continue;
			}
			Posterior best = posterior(fits, votes);
			if (best.fit().candidate() != null) {
				l.put("init", best.fit().candidate());
			}
			notes.add(where + ": recognised " + (best.fit().candidate() == null ? "PyTorch's default init (kaiming_uniform_(a=√5))" : best.fit().candidate())
					+ " from measured std " + Decimals.format(stats.path("std").asDouble()) + " (expected " + Decimals.format(best.fit().expectedStd())
					+ ", confidence " + String.format(Locale.ROOT, "%.2f", best.probability()) + ")");
		}
	}

	/** The chosen fit and the posterior probability of its law. */
	record Posterior(Fit fit, double probability) {
	}

	/**
	 * Posterior over candidates: likelihood exp(−z²/2) of the measured std times a prior of (1 + the number of
	 * layers the candidate won unambiguously). The probability reported is that of the chosen law (candidates that
	 * write the same law, e.g. fan_in and fan_out on a square layer, cannot be told apart and share it).
	 */
	static Posterior posterior(List<Fit> fits, Map<String, Integer> votes) {
		double total = 0;
		Fit best = null;
		double bestWeight = -1;
		double[] w = new double[fits.size()];
		for (int i = 0; i < fits.size(); i++) {
			Fit f = fits.get(i);
			w[i] = (1 + votes.getOrDefault(String.valueOf(f.candidate()), 0)) * Math.exp(-0.5 * f.z() * f.z());
			total += w[i];
			if (w[i] > bestWeight) {
				bestWeight = w[i];
				best = f;
			}
		}
		double sameLaw = 0;
		for (int i = 0; i < fits.size(); i++) {
			if (sameLaw(fits.get(i), best)) {
				sameLaw += w[i];
			}
		}
		return new Posterior(best, total > 0 ? sameLaw / total : 0);
	}

	/** Whether no other law fits within 2 standard errors of the best. */
	static boolean unambiguous(List<Fit> fits) {
		if (fits.isEmpty()) {
			return false;
		}
		Fit best = fits.get(0);
		return fits.stream().noneMatch(f -> !sameLaw(f, best) && f.z() - best.z() < 2.0);
	}

	private static boolean sameLaw(Fit a, Fit b) {
		return Math.abs(a.expectedStd() - b.expectedStd()) <= 1e-12 * b.expectedStd();
	}

	private List<Fit> fits(Layer layer, ParameterSpec weight, JsonNode stats) {
		double std = stats.path("std").asDouble();
		long count = stats.path("count").asLong(weight.elements());
		Shape shape = Shape.of(TorchManifestImporter.number(stats, "min"), TorchManifestImporter.number(stats, "max"), std, count);
		double se = Math.max(STD_FLOOR, 1.0 / Math.sqrt(2.0 * Math.max(count, 1)));
		List<Fit> fits = new ArrayList<>();
		for (String candidate : CANDIDATES) {
			InitSpec spec = candidate == null ? Defaults.forParameter(weight, layer)
					: Initializers.resolve(new InitDecl.CallText(candidate), layer.framework(), layer.kind());
			Distribution d = spec.assess(new AssessContext(weight, layer.kind(), null, 0, null, Thresholds.DEFAULT, candidate == null)).declared();
			if (d == null || d.std() <= 0 || (shape != Shape.UNKNOWN && Shape.of(d) != Shape.UNKNOWN && Shape.of(d) != shape)) {
				continue;
			}
			double z = Math.abs(Math.log(std / d.std())) / se;
			if (z <= MAX_Z) {
				fits.add(new Fit(candidate, z, d.std()));
			}
		}
		fits.sort(Comparator.comparingDouble(Fit::z));
		return fits;
	}

	private static void setMeasured(ObjectNode l, JsonNode params) {
		ObjectNode measured = l.objectNode();
		for (Map.Entry<String, JsonNode> e : params.properties()) {
			JsonNode s = e.getValue();
			if (s.has("std")) {
				ObjectNode m = measured.putObject(e.getKey());
				for (String k : List.of("std", "mean", "min", "max", "count")) {
					if (s.has(k)) {
						m.set(k, s.get(k));
					}
				}
			}
		}
		if (!measured.isEmpty()) {
			l.set("measured", measured);
		}
	}

}
