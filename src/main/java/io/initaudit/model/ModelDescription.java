package io.initaudit.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * A validated model description (design/api.md §1): layers in topological order with inferred shapes.
 *
 * @param name the model's name
 * @param framework the model-level framework
 * @param inputShape per-sample input shape, channels first; {@code null} when not given
 * @param layers the layers in topological order
 * @param notes things the reader accepted but ignored (unknown fields), as pointer → message
 */
public record ModelDescription(String name, Framework framework, @Nullable TensorShape inputShape, List<Layer> layers,
		List<Violation> notes) {

	/** The name by which {@code inputs} refers to the model input. */
	public static final String INPUT = "@input";

	public Optional<Layer> layer(String name) {
		return this.layers.stream().filter(l -> l.name().equals(name)).findFirst();
	}

	/** The layers that take {@code layer}'s output as an input. */
	public List<Layer> consumersOf(Layer layer) {
		return this.layers.stream().filter(l -> l.inputs().contains(layer.name())).toList();
	}

	/** Layer name → layer, in order. */
	public Map<String, Layer> byName() {
		Map<String, Layer> m = new LinkedHashMap<>();
		this.layers.forEach(l -> m.put(l.name(), l));
		return m;
	}

}
