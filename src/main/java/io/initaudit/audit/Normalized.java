package io.initaudit.audit;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.initaudit.model.Layer;
import io.initaudit.model.LayerKind;
import io.initaudit.model.ModelDescription;
import io.initaudit.semantics.Finding;
import io.initaudit.semantics.Severity;

/**
 * The severity model for weight layers whose output is normalized. A layer whose every output path reaches a
 * BatchNorm, LayerNorm or GroupNorm before another weight layer or a residual add keeps its forward scale whatever
 * its init: the norm divides the scale out. What a mis-scaled init changes there is the layer's effective learning
 * rate: for scale-invariant weights a step of size η moves them by η/‖w‖, so an init std r× the intended one acts like
 * a learning rate ×1/r² (the relative learning-rate problem of the depthwise article). Scale findings on such layers
 * are rated by that factor, not by the std ratio: error from ×25 (std 5× off), warning from ×4 (2× off), else info.
 * <p>
 * The graph is the description's; a description without one (every layer reading the model input, as the torch
 * manifest's module order is) is read in order. Activations, dropout, pooling and flattening pass the path on; a
 * concatenation too on its way to a BatchNorm, which normalizes each channel alone.
 */
final class Normalized {

	static final double ERROR_FACTOR = 25.0;

	static final double WARNING_FACTOR = 4.0;

	private Normalized() {
	}

	/** Names of the weight layers whose output is normalized before it is mixed or weighted again. */
	static Set<String> layers(ModelDescription model) {
		List<Layer> all = model.layers();
		boolean flat = all.size() > 1 && all.stream().allMatch(l -> l.inputs().equals(List.of(ModelDescription.INPUT)));
		Map<String, List<Layer>> consumers = new HashMap<>();
		for (int i = 0; i < all.size(); i++) {
			Layer l = all.get(i);
			if (flat) {
				if (i + 1 < all.size()) {
					consumers.put(l.name(), List.of(all.get(i + 1)));
				}
			}
			else {
				for (String in : l.inputs()) {
					consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(l);
				}
			}
		}
		Set<String> out = new HashSet<>();
		for (Layer l : all) {
			if (l.kind().isWeightLayer() && reachesNorm(l, consumers)) {
				out.add(l.name());
			}
		}
		return out;
	}

	private static boolean reachesNorm(Layer start, Map<String, List<Layer>> consumers) {
		Deque<Layer> todo = new ArrayDeque<>(consumers.getOrDefault(start.name(), List.of()));
		Set<String> seen = new HashSet<>();
		if (todo.isEmpty()) {
			return false;
		}
		while (!todo.isEmpty()) {
			Layer c = todo.pop();
			if (!seen.add(c.name())) {
				continue;
			}
			LayerKind k = c.kind();
			if (k == LayerKind.BATCH_NORM || k == LayerKind.LAYER_NORM || k == LayerKind.GROUP_NORM) {
				continue;
			}
			boolean passes = k == LayerKind.ACTIVATION || k == LayerKind.DROPOUT || k == LayerKind.POOL || k == LayerKind.FLATTEN
					|| k == LayerKind.CONCAT && onlyBatchNormAhead(c, consumers);
			List<Layer> next = consumers.getOrDefault(c.name(), List.of());
			if (!passes || next.isEmpty()) {
				return false;
			}
			todo.addAll(next);
		}
		return true;
	}

	private static boolean onlyBatchNormAhead(Layer concat, Map<String, List<Layer>> consumers) {
		List<Layer> next = consumers.getOrDefault(concat.name(), List.of());
		return !next.isEmpty() && next.stream().allMatch(n -> n.kind() == LayerKind.BATCH_NORM || n.kind() == LayerKind.CONCAT);
	}

	/**
	 * A scale finding (one with a {@code stdRatio}) of a normalized layer, re-rated by the effective learning-rate
	 * factor 1/r², with that consequence said; other findings as they are.
	 */
	static Finding rated(Finding f) {
		if (!(f.evidence().get("stdRatio") instanceof Number n) || !(n.doubleValue() > 0) || Double.isInfinite(n.doubleValue())) {
			return f;
		}
		double factor = 1.0 / (n.doubleValue() * n.doubleValue());
		double off = Math.max(factor, 1.0 / factor);
		Severity s = off >= ERROR_FACTOR ? Severity.ERROR : off >= WARNING_FACTOR ? Severity.WARNING : Severity.INFO;
		Map<String, Object> evidence = new HashMap<>(f.evidence());
		evidence.put("normalized", true);
		evidence.put("effectiveLearningRateFactor", factor);
		String consequence = String.format(Locale.ROOT,
				". A norm follows this layer, so its forward scale is restored whatever the init: the init acts on training instead, as a "
						+ "learning rate ×%.3g for this layer (weights a norm makes scale-invariant move by lr/std²)",
				factor);
		return new Finding(f.code(), s, f.message() + consequence, evidence);
	}

}
