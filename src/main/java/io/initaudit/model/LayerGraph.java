package io.initaudit.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.initaudit.core.Activation;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The layers read so far, by name, and how they connect: each layer's inputs (the previous layer unless named, only
 * layers defined before it), the shapes they pass on, and the activation that follows each weight layer.
 */
final class LayerGraph {

	private final JsonFields json;

	private final @Nullable TensorShape modelInput;

	final Map<String, Layer> layers = new LinkedHashMap<>();

	LayerGraph(JsonFields json, @Nullable TensorShape modelInput) {
		this.json = json;
		this.modelInput = modelInput;
	}

	@Nullable List<String> inputs(JsonNode node, String p, LayerType type, String previous) {
		JsonNode in = node.get("inputs");
		if (in == null || in.isNull()) {
			if (type.kind() == LayerKind.ADD || type.kind() == LayerKind.CONCAT) {
				this.json.fail(p + "/inputs", type.jsonName() + " needs 'inputs' naming at least two layers");
				return null;
			}
			return List.of(previous);
		}
		List<String> names = new ArrayList<>();
		if (in.isString()) {
			names.add(in.stringValue());
		}
		else if (in.isArray()) {
			for (int i = 0; i < in.size(); i++) {
				JsonNode n = in.get(i);
				if (!n.isString()) {
					this.json.fail(p + "/inputs/" + i, "inputs must name layers (strings)");
					return null;
				}
				names.add(n.stringValue());
			}
		}
		else {
			this.json.fail(p + "/inputs", "inputs must be a layer name or an array of layer names");
			return null;
		}
		if (names.isEmpty()) {
			this.json.fail(p + "/inputs", "inputs must name at least one layer");
			return null;
		}
		for (int i = 0; i < names.size(); i++) {
			String n = names.get(i);
			if (!n.equals(ModelDescription.INPUT) && !this.layers.containsKey(n)) {
				this.json.fail(p + "/inputs/" + i, "'" + JsonFields.abbreviate(n) + "' is not a layer defined before this one (layers must be in topological order; cycles are not allowed)");
				return null;
			}
		}
		boolean merge = type.kind() == LayerKind.ADD || type.kind() == LayerKind.CONCAT;
		if (merge && names.size() < 2) {
			this.json.fail(p + "/inputs", type.jsonName() + " needs at least two inputs");
			return null;
		}
		if (type.kind() == LayerKind.ATTENTION && names.size() > 3) {
			this.json.fail(p + "/inputs", "multihead_attention takes its query, value and key: at most three inputs");
			return null;
		}
		if (!merge && type.kind() != LayerKind.ATTENTION && names.size() != 1) {
			this.json.fail(p + "/inputs", type.jsonName() + " takes exactly one input; use add or concat to merge");
			return null;
		}
		return List.copyOf(names);
	}

	/** The shape a one-input layer receives; {@code null} for merges (their shape is the merge) and when unknown. */
	@Nullable TensorShape inputShapeOf(List<String> inputs, LayerType type) {
		if (type.kind() == LayerKind.ADD || type.kind() == LayerKind.CONCAT) {
			return null; // merged in outputShape
		}
		return shapeOf(inputs.get(0));
	}

	/** The output shape of the named layer, or the model's input shape for {@code @input}. */
	@Nullable TensorShape shapeOf(String name) {
		if (name.equals(ModelDescription.INPUT)) {
			return this.modelInput;
		}
		Layer l = this.layers.get(name);
		return l == null ? null : l.outputShape();
	}

	/** The layers with, on each weight layer that states none, the activation that follows it (through dropout, norms). */
	List<Layer> followingActivations() {
		Map<String, List<Layer>> consumers = new HashMap<>();
		for (Layer l : this.layers.values()) {
			for (String in : l.inputs()) {
				consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(l);
			}
		}
		List<Layer> result = new ArrayList<>();
		for (Layer l : this.layers.values()) {
			Activation a = l.config().activation();
			double param = l.config().activationParam();
			if (a == null && l.kind().isWeightLayer()) {
				Layer cursor = l;
				for (int hops = 0; hops < 4 && a == null; hops++) {
					List<Layer> next1 = consumers.getOrDefault(cursor.name(), List.of());
					if (next1.size() != 1) {
						break;
					}
					Layer next = next1.get(0);
					if (next.kind() == LayerKind.ACTIVATION) {
						a = next.config().activation();
						param = next.config().activationParam();
					}
					else if (next.kind().isTransparentToActivation()) {
						a = next.config().activation();
						param = next.config().activationParam();
						cursor = next;
					}
					else {
						break;
					}
				}
			}
			result.add(l.withFollowing(a, param));
		}
		return result;
	}

}
