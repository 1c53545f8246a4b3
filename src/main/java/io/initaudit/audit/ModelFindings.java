package io.initaudit.audit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.initaudit.core.Activation;
import io.initaudit.core.Family;
import io.initaudit.model.Framework;
import io.initaudit.model.Layer;
import io.initaudit.model.LayerKind;
import io.initaudit.model.ModelDescription;
import io.initaudit.semantics.Finding;
import io.initaudit.semantics.FindingCode;
import io.initaudit.semantics.Role;
import io.initaudit.semantics.Severity;
import io.initaudit.semantics.Thresholds;

/**
 * Model-level findings: the init may be what was asked for, but the network will not like it.
 */
final class ModelFindings {

	/** Unscaled residual adds from which variance growth is a warning rather than advice. */
	static final int RESIDUAL_WARNING_BLOCKS = 4;

	private ModelFindings() {
	}

	static List<Finding> of(ModelDescription model, List<Auditor.Audited> all, Thresholds t) {
		List<Finding> findings = new ArrayList<>();
		learningRateImbalance(all, t, findings);
		gainUndefined(model, findings);
		residualGrowth(model, all, findings);
		forgetBias(model, all, findings);
		return findings;
	}

	/**
	 * With one learning rate, a layer's relative update size scales as 1/std of its weights: a ratio of r between the
	 * largest and smallest weight std acts like an r× smaller learning rate for the widest-initialized layer.
	 */
	private static void learningRateImbalance(List<Auditor.Audited> all, Thresholds t, List<Finding> findings) {
		Auditor.Audited max = null;
		Auditor.Audited min = null;
		// The output head is often initialized small on purpose (torchvision: normal_(0, 0.01)); it is left out.
		Layer head = all.stream().filter(a -> a.param().role().isFanScaled()).map(Auditor.Audited::layer).reduce((a, b) -> b).orElse(null);
		for (Auditor.Audited a : all) {
			LayerKind kind = a.layer().kind();
			if (!a.param().role().isFanScaled() || !kind.isWeightLayer() || kind == LayerKind.EMBEDDING || std(a) <= 0 || a.layer() == head) {
				continue;
			}
			if (max == null || std(a) > std(max)) {
				max = a;
			}
			if (min == null || std(a) < std(min)) {
				min = a;
			}
		}
		if (max == null || min == null || max.layer() == min.layer()) {
			return;
		}
		double ratio = std(max) / std(min);
		if (ratio > t.learningRateImbalance()) {
			findings.add(new Finding(FindingCode.RELATIVE_LR_IMBALANCE, Severity.WARNING,
					"weight stds differ %s× between %s.%s (%s) and %s.%s (%s): with one learning rate the first moves %s× less relative to its scale. Use a common std (ConvNeXt-style) or a layer-wise optimizer (LARS/LAMB)"
							.formatted(Auditor.fmt(ratio), max.layer().name(), max.param().name(), Auditor.fmt(std(max)), min.layer().name(), min.param().name(),
									Auditor.fmt(std(min)), Auditor.fmt(ratio)),
					evidence("largestLayer", max.layer().name(), "largestStd", std(max), "smallestLayer", min.layer().name(), "smallestStd", std(min),
							"ratio", ratio, "threshold", t.learningRateImbalance())));
		}
	}

	/** The std the layer ends up with once corrected (the intended one), else the declared one. */
	private static double std(Auditor.Audited a) {
		var in = a.assessment().intended();
		if (in != null && in.std() > 0) {
			return in.std();
		}
		var d = a.assessment().declared();
		return d == null || d.family() == Family.CONSTANT ? 0 : d.std();
	}

	private static void gainUndefined(ModelDescription model, List<Finding> findings) {
		Map<Activation, List<String>> byActivation = new LinkedHashMap<>();
		for (Layer l : model.layers()) {
			Activation a = l.following();
			if (a != null && a.gainUndefined() && l.kind().isWeightLayer()) {
				byActivation.computeIfAbsent(a, k -> new ArrayList<>()).add(l.name());
			}
		}
		byActivation.forEach((a, layers) -> {
			double g = a.secondMomentGain(a.defaultParam());
			findings.add(new Finding(FindingCode.GAIN_UNDEFINED, Severity.INFO,
					"%s has no gain in torch.nn.init.calculate_gain (nor in Keras or JAX); the gain that keeps unit pre-activation variance is 1/√E[f(X)²] = %s, not He's √2 (at gain √2 the variance shrinks to %s× per layer)"
							.formatted(a.jsonName(), Auditor.fmt(g), Auditor.fmt(2.0 * a.secondMoment(a.defaultParam()))),
					evidence("activation", a.jsonName(), "secondMoment", a.secondMoment(a.defaultParam()), "gain", g, "layers", layers)));
		});
	}

	private static void residualGrowth(ModelDescription model, List<Auditor.Audited> all, List<Finding> findings) {
		Ancestry ancestry = new Ancestry(model);
		int residual = 0;
		List<String> unscaled = new ArrayList<>();
		for (Layer add : model.layers()) {
			if (add.kind() != LayerKind.ADD) {
				continue;
			}
			int skip = -1;
			int branch = -1;
			for (String x : add.inputs()) {
				for (String y : add.inputs()) {
					int xi = ancestry.index(x);
					int yi = ancestry.index(y);
					if (xi != yi && ancestry.of(yi).get(xi)) {
						skip = xi;
						branch = yi;
					}
				}
			}
			if (skip < 0) {
				continue;
			}
			residual++;
			BitSet branchLayers = (BitSet) ancestry.of(branch).clone();
			branchLayers.set(branch);
			branchLayers.andNot(ancestry.of(skip));
			branchLayers.clear(skip);
			if (!isScaled(branchLayers, model, all)) {
				unscaled.add(add.name());
			}
		}
		if (!unscaled.isEmpty()) {
			int n = unscaled.size();
			findings.add(new Finding(FindingCode.RESIDUAL_VARIANCE_GROWTH, n >= RESIDUAL_WARNING_BLOCKS ? Severity.WARNING : Severity.INFO,
					"%d of %d residual adds have a branch with no down-scaling (no layer scale, no zero-initialized last norm or weight): with variance-preserving branches the variance after them is ≈ %d× the input's. Zero-init the last norm's γ, add a layer scale (1e-6 … 1e-5), or scale the last weight by 1/√(number of blocks)"
							.formatted(n, residual, n + 1),
					evidence("residualAdds", residual, "unscaledAdds", unscaled, "varianceGrowth", n + 1)));
		}
	}

	/** Layer positions whose branch holds a layer scale or a zero-initialized scale or weight. */
	private static boolean isScaled(BitSet branch, ModelDescription model, List<Auditor.Audited> all) {
		for (int i = branch.nextSetBit(0); i >= 0; i = branch.nextSetBit(i + 1)) {
			Layer l = model.layers().get(i - 1);
			if (l.kind() == LayerKind.LAYER_SCALE && l.config().initValue() < 0.5) {
				return true;
			}
		}
		for (Auditor.Audited a : all) {
			if (!branch.get(a.layer().index() + 1)) {
				continue;
			}
			var d = a.assessment().declared();
			Role r = a.param().role();
			if (d != null && d.family() == Family.CONSTANT && d.mean() == 0.0 && (r == Role.NORM_SCALE || r == Role.WEIGHT || r == Role.LAYER_SCALE)) {
				return true;
			}
		}
		return false;
	}

	/** Transitive inputs of every layer as bit sets over positions (0 = the model input, i + 1 = layer i). */
	private static final class Ancestry {

		private final Map<String, Integer> positions = new HashMap<>();

		private final List<BitSet> ancestors = new ArrayList<>();

		Ancestry(ModelDescription model) {
			this.positions.put(ModelDescription.INPUT, 0);
			this.ancestors.add(new BitSet());
			for (Layer l : model.layers()) {
				BitSet set = new BitSet();
				for (String in : l.inputs()) {
					int p = index(in);
					set.set(p);
					set.or(this.ancestors.get(p));
				}
				this.positions.put(l.name(), l.index() + 1);
				this.ancestors.add(set);
			}
		}

		int index(String name) {
			return this.positions.getOrDefault(name, 0);
		}

		BitSet of(int position) {
			return this.ancestors.get(position);
		}

	}

	/** Keras (unit_forget_bias) and DL4J set the LSTM forget-gate bias to 1; PyTorch and Flax leave it at 0. */
	private static void forgetBias(ModelDescription model, List<Auditor.Audited> all, List<Finding> findings) {
		for (Layer l : model.layers()) {
			if (l.kind() != LayerKind.LSTM || l.biasInit() != null || !l.config().bias()) {
				continue;
			}
			boolean one = l.framework().isKerasFamily() || l.framework() == Framework.DL4J;
			double bias = one ? 1.0 : 0.0;
			findings.add(new Finding(FindingCode.FORGET_BIAS_DIFFERS, one ? Severity.INFO : Severity.WARNING,
					one ? "%s: the forget-gate bias starts at 1.0 (σ(1) = 0.73); PyTorch and Flax start it at 0 (σ = 0.5), so a port to them forgets faster early in training"
							.formatted(l.name())
							: "%s: the forget-gate bias starts at ≈0 (σ = 0.5); Keras and DL4J start it at 1.0 (Jozefowicz et al. 2015), so a port from them changes training. Set bias_ih[H:2H] = 1 to match"
									.formatted(l.name()),
					evidence("layer", l.name(), "framework", l.framework().jsonName(), "forgetBias", bias, "otherFrameworksForgetBias", one ? 0.0 : 1.0)));
		}
	}

	static Map<String, Object> evidence(Object... kv) {
		Map<String, Object> m = new LinkedHashMap<>();
		for (int i = 0; i + 1 < kv.length; i += 2) {
			m.put((String) kv[i], kv[i + 1]);
		}
		return m;
	}

}
