package io.initaudit.imports;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.initaudit.core.Decimals;
import io.initaudit.model.InvalidModelException;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads the manifest written by {@code clients/python/initaudit_export.py}: the leaf modules of an
 * {@code nn.Module} in registration order, their sizes, and the statistics of every parameter as initialized.
 * The init of each weight is recognised from those statistics ({@link InitRecognizer}); the activation of a layer
 * is the next activation module before the next weight layer. The module order is not the data flow, so the graph
 * is not rebuilt: every layer reads its sizes from the manifest.
 */
public final class TorchManifestImporter {

	public static final String FORMAT = "initaudit.torch-manifest";

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private static final Map<String, String> TYPES = Map.ofEntries(Map.entry("Linear", "linear"), Map.entry("Conv1d", "conv1d"),
			Map.entry("Conv2d", "conv2d"), Map.entry("Conv3d", "conv3d"), Map.entry("ConvTranspose1d", "conv_transpose1d"),
			Map.entry("ConvTranspose2d", "conv_transpose2d"), Map.entry("ConvTranspose3d", "conv_transpose3d"), Map.entry("Embedding", "embedding"),
			Map.entry("LSTM", "lstm"), Map.entry("GRU", "gru"), Map.entry("MultiheadAttention", "multihead_attention"),
			Map.entry("BatchNorm1d", "batch_norm"), Map.entry("BatchNorm2d", "batch_norm"), Map.entry("BatchNorm3d", "batch_norm"),
			Map.entry("LayerNorm", "layer_norm"), Map.entry("GroupNorm", "group_norm"));

	private static final Map<String, String> ACTIVATIONS = Map.ofEntries(Map.entry("ReLU", "relu"), Map.entry("ReLU6", "relu"),
			Map.entry("LeakyReLU", "leaky_relu"), Map.entry("GELU", "gelu"), Map.entry("SiLU", "silu"), Map.entry("Hardswish", "silu"),
			Map.entry("Mish", "mish"), Map.entry("Tanh", "tanh"), Map.entry("Sigmoid", "sigmoid"), Map.entry("SELU", "selu"), Map.entry("ELU", "elu"),
			Map.entry("Softplus", "softplus"), Map.entry("Softmax", "softmax"));

	private final InitRecognizer recognizer = new InitRecognizer();

	public ImportedModel read(JsonNode manifest) {
		if (!manifest.isObject() || !FORMAT.equals(manifest.path("format").asString(""))) {
			throw new InvalidModelException("/format", "a PyTorch manifest has \"format\": \"" + FORMAT + "\" (written by clients/python/initaudit_export.py)");
		}
		JsonNode modules = manifest.path("modules");
		if (!modules.isArray()) {
			throw new InvalidModelException("/modules", "modules must be the array of leaf modules");
		}
		List<String> notes = new ArrayList<>();
		ObjectNode description = NODES.objectNode();
		description.put("name", manifest.path("model").asString("torch-model"));
		description.put("framework", "pytorch");
		ArrayNode layers = description.putArray("layers");
		List<Integer> weightLayers = new ArrayList<>();
		List<JsonNode> sources = new ArrayList<>();
		List<ImportedModel.Origin> origins = new ArrayList<>();
		for (int i = 0; i < modules.size(); i++) {
			JsonNode m = modules.get(i);
			String cls = m.path("class").asString("");
			JsonNode c = m.path("config");
			String type = TYPES.get(cls);
			String activation = ACTIVATIONS.get(cls);
			if (activation != null) {
				attachActivation(layers, weightLayers, activation, c);
				continue;
			}
			if (type == null) {
				// Reported, not dropped: each parameter with its measured statistics.
				for (Map.Entry<String, JsonNode> p : m.path("parameters").properties()) {
					JsonNode st = p.getValue();
					notes.add(m.path("name").asString() + "." + p.getKey() + ": a parameter of " + cls + " " + st.path("shape") + ", measured std "
							+ Decimals.format(st.path("std").asDouble()) + " mean " + Decimals.format(st.path("mean").asDouble()) + " (/modules/" + i
							+ "); InitAudit does not model " + cls + ", so it is not audited");
				}
				continue;
			}
			ObjectNode l = layers.addObject();
			l.put("name", m.path("name").asString("module_" + i));
			l.put("type", type);
			l.putArray("inputs").add("@input");
			sizes(type, c, l);
			if (c.has("groups") && c.get("groups").asLong(1) > 1) {
				l.put("groups", c.get("groups").asLong());
			}
			weightLayers.add(layers.size() - 1);
			sources.add(m);
			origins.add(new ImportedModel.Origin("/modules/" + i, m.path("name").asString("module_" + i)));
		}
		if (layers.isEmpty()) {
			throw new InvalidModelException("/modules", "the manifest has no layers InitAudit can audit");
		}
		this.recognizer.recognise(description, sources, notes);
		return new ImportedModel(description, notes, origins);
	}

	/** An activation module applies to the closest weight layer before it, unless another activation already did. */
	private static void attachActivation(ArrayNode layers, List<Integer> weightLayers, String activation, JsonNode c) {
		if (weightLayers.isEmpty()) {
			return;
		}
		ObjectNode last = (ObjectNode) layers.get(weightLayers.get(weightLayers.size() - 1));
		String type = last.path("type").asString();
		if (last.has("activation") || type.endsWith("norm")) {
			return;
		}
		last.put("activation", activation);
		if (activation.equals("leaky_relu") && c.has("negative_slope")) {
			last.put("negative_slope", c.get("negative_slope").asDouble());
		}
	}

	private static void sizes(String type, JsonNode c, ObjectNode l) {
		for (String key : List.of("in_channels", "out_channels", "in_features", "out_features", "kernel_size", "stride", "padding", "dilation",
				"num_embeddings", "embedding_dim", "input_size", "hidden_size", "num_layers", "bidirectional", "num_features", "num_groups",
				"num_channels", "embed_dim", "num_heads", "kdim", "vdim", "bias", "affine", "elementwise_affine")) {
			JsonNode v = c.get(key);
			if (v != null && !v.isNull()) {
				if (key.equals("padding") && v.isString()) {
					l.put("padding", v.asString().toLowerCase(Locale.ROOT));
				}
				else {
					l.set(key, v);
				}
			}
		}
		if (type.equals("layer_norm")) {
			JsonNode shape = c.get("normalized_shape");
			if (shape != null && shape.isArray() && !shape.isEmpty()) {
				l.put("normalized_shape", shape.get(shape.size() - 1).asLong());
			}
		}
	}

	static @Nullable Double number(JsonNode stats, String key) {
		JsonNode v = stats.get(key);
		return v == null || !v.isNumber() ? null : v.asDouble();
	}

}
