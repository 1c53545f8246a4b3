package io.initaudit.imports;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.initaudit.model.InitDecl;
import io.initaudit.model.InvalidModelException;
import io.initaudit.semantics.Defaults;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads a Keras {@code model.to_json()} document — Keras 3 or the tf.keras 2 dialect, Sequential or Functional —
 * into a model description: layer configs and their initializer objects, input channels from {@code build_config}
 * or the graph, the graph from {@code inbound_nodes}. Layers it does not model become pass-through layers and are
 * named in the notes; they are not fatal.
 */
public final class KerasImporter {

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	/** Keras class → description type, for layers whose configs map field by field. */
	private static final Map<String, String> SIMPLE = Map.ofEntries(Map.entry("Dense", "linear"), Map.entry("Conv1D", "conv1d"),
			Map.entry("Conv2D", "conv2d"), Map.entry("Conv3D", "conv3d"), Map.entry("Conv1DTranspose", "conv_transpose1d"),
			Map.entry("Conv2DTranspose", "conv_transpose2d"), Map.entry("Conv3DTranspose", "conv_transpose3d"),
			Map.entry("DepthwiseConv1D", "depthwise_conv1d"), Map.entry("DepthwiseConv2D", "depthwise_conv2d"),
			Map.entry("SeparableConv1D", "separable_conv1d"), Map.entry("SeparableConv2D", "separable_conv2d"), Map.entry("Embedding", "embedding"),
			Map.entry("LSTM", "lstm"), Map.entry("GRU", "gru"), Map.entry("BatchNormalization", "batch_norm"),
			Map.entry("LayerNormalization", "layer_norm"), Map.entry("GroupNormalization", "group_norm"), Map.entry("MaxPooling1D", "max_pool1d"),
			Map.entry("MaxPooling2D", "max_pool2d"), Map.entry("AveragePooling1D", "avg_pool1d"), Map.entry("AveragePooling2D", "avg_pool2d"),
			Map.entry("GlobalAveragePooling1D", "global_avg_pool"), Map.entry("GlobalAveragePooling2D", "global_avg_pool"),
			Map.entry("GlobalMaxPooling1D", "global_avg_pool"), Map.entry("GlobalMaxPooling2D", "global_avg_pool"), Map.entry("Flatten", "flatten"),
			Map.entry("Dropout", "dropout"), Map.entry("SpatialDropout1D", "dropout"), Map.entry("SpatialDropout2D", "dropout"),
			Map.entry("Add", "add"), Map.entry("Concatenate", "concat"), Map.entry("ReLU", "relu"), Map.entry("LeakyReLU", "leaky_relu"),
			Map.entry("ELU", "elu"), Map.entry("Softmax", "softmax"), Map.entry("MultiHeadAttention", "multihead_attention"),
			Map.entry("LayerScale", "layer_scale"), Map.entry("ZeroPadding1D", "zero_pad1d"), Map.entry("ZeroPadding2D", "zero_pad2d"),
			Map.entry("Cropping1D", "zero_pad1d"), Map.entry("Cropping2D", "zero_pad2d"));

	/**
	 * Layers not modelled that keep their first input's shape (they scale, gate or normalise values, or only act in
	 * training): read as identity, so propagation still runs. Any other unmodelled layer is opaque.
	 */
	private static final Set<String> SHAPE_KEEPING = Set.of("Rescaling", "Normalization", "Multiply", "Subtract", "Average", "Maximum",
			"Minimum", "GaussianNoise", "GaussianDropout", "AlphaDropout", "ActivityRegularization", "Masking", "Identity", "RandomFlip",
			"RandomRotation", "RandomZoom", "RandomContrast", "RandomBrightness", "RandomTranslation", "StochasticDepth", "PReLU",
			"ThresholdedReLU");

	/** Keras initializer arguments → the description's per-parameter names. */
	private static final Map<String, String> INITIALIZERS = Map.of("kernel_initializer", "init", "bias_initializer", "bias_init",
			"depthwise_initializer", "depthwise_kernel", "pointwise_initializer", "pointwise_kernel", "recurrent_initializer", "recurrent_kernel",
			"embeddings_initializer", "init");

	/** Reads the document; a document that is not a Keras model is a 400 naming the field. */
	public ImportedModel read(JsonNode doc) {
		if (!doc.isObject() || !doc.path("config").isObject()) {
			throw new InvalidModelException("/config", "a Keras model.to_json() document is an object with class_name and config");
		}
		String cls = doc.path("class_name").asString("");
		boolean keras3 = doc.has("module") || doc.path("keras_version").asString("").startsWith("3") || hasKey(doc, "build_config");
		JsonNode layers = doc.path("config").path("layers");
		if (!layers.isArray()) {
			throw new InvalidModelException("/config/layers", "config.layers must be the array of layer configs");
		}
		Pass pass = new Pass(keras3, cls.equals("Sequential") || !hasInbound(layers));
		ObjectNode description = NODES.objectNode();
		description.put("name", doc.path("config").path("name").asString("keras-model"));
		description.put("framework", keras3 ? "keras" : "tensorflow");
		ArrayNode out = description.putArray("layers");
		for (int i = 0; i < layers.size(); i++) {
			pass.pointer = "/config/layers/" + i;
			pass.layer(layers.get(i), i, out);
		}
		if (pass.inputShape != null) {
			description.putObject("input").set("shape", pass.inputShape);
		}
		if (out.isEmpty()) {
			throw new InvalidModelException("/config/layers", "the Keras model has no layers InitAudit can audit");
		}
		return new ImportedModel(description, pass.notes, pass.origins);
	}

	private static boolean hasInbound(JsonNode layers) {
		for (JsonNode l : layers) {
			if (l.path("inbound_nodes").isArray() && !l.path("inbound_nodes").isEmpty()) {
				return true;
			}
		}
		return false;
	}

	/** A Keras norm's {@code scale=False} / {@code center=False}: no γ / no β (InceptionV3's BatchNorms have no γ). */
	private static void affine(JsonNode c, ObjectNode l) {
		for (String k : List.of("scale", "center")) {
			if (c.path(k).isBoolean()) {
				l.put(k, c.get(k).asBoolean());
			}
		}
	}

	/**
	 * ZeroPadding's {@code padding} or Cropping's {@code cropping} (negated) as the description's [before, after] per
	 * spatial axis: Keras writes an integer, one pair (1-D), or a pair or a pair of pairs per axis (2-D).
	 */
	private static ArrayNode padding(JsonNode c, int rank) {
		boolean crop = c.has("cropping");
		JsonNode v = crop ? c.get("cropping") : c.path("padding");
		int sign = crop ? -1 : 1;
		ArrayNode out = NODES.arrayNode();
		for (int axis = 0; axis < rank; axis++) {
			JsonNode a = v.isNumber() ? v : (rank == 1 ? v : v.path(axis));
			ArrayNode pair = out.addArray();
			if (a.isNumber()) {
				pair.add(sign * a.asInt()).add(sign * a.asInt());
			}
			else {
				pair.add(sign * a.path(0).asInt(0)).add(sign * a.path(1).asInt(0));
			}
		}
		return out;
	}

	/** Whether a Reshape target is (1, …, 1, C): the channels kept, every spatial axis of size 1. */
	private static boolean keepsChannelsAtOnes(JsonNode target, @Nullable Long channels) {
		if (!target.isArray() || target.size() < 2) {
			return false;
		}
		for (int i = 0; i < target.size() - 1; i++) {
			if (target.get(i).asLong(-1) != 1) {
				return false;
			}
		}
		JsonNode last = target.get(target.size() - 1);
		return last.isIntegralNumber() && (channels == null || last.asLong() == channels);
	}

	private static boolean hasKey(JsonNode doc, String key) {
		return !doc.findValues(key).isEmpty();
	}

	/** One read of one document. */
	private static final class Pass {

		private final boolean keras3;

		private final boolean sequential;

		private final List<String> notes = new ArrayList<>();

		/** Keras layer name → description layer name that carries its output. */
		private final Map<String, String> outputs = new HashMap<>();

		private final Map<String, Long> channels = new HashMap<>();

		private @Nullable ArrayNode inputShape;

		private @Nullable String previous;

		/** Models used as layers inside models used as layers: as deep as this and no deeper (a document is data). */
		static final int MAX_NESTING = 8;

		private int depth;

		/** The names of the nested models being read, {@code outer/}, as Keras prefixes their weights. */
		private String prefix = "";

		/** Where the layer being read is in the document. */
		private String pointer = "";

		/** Per description layer: its place and name in the document. */
		private final List<ImportedModel.Origin> origins = new ArrayList<>();

		/** The current layer's build_config (the input shapes Keras built it for). */
		private JsonNode build = NODES.missingNode();

		Pass(boolean keras3, boolean sequential) {
			this.keras3 = keras3;
			this.sequential = sequential;
		}

		void layer(JsonNode layer, int index, ArrayNode out) {
			String cls = layer.path("class_name").asString("");
			JsonNode config = layer.path("config");
			String name = layer.path("name").asString(config.path("name").asString(cls.toLowerCase() + "_" + index));
			List<String> inputs = inputs(layer);
			if (cls.equals("InputLayer")) {
				JsonNode shape = unwrap(config.has("batch_shape") ? config.get("batch_shape") : config.get("batch_input_shape"));
				this.outputs.put(name, "@input");
				if (shape != null && shape.isArray()) {
					setInput(shape);
				}
				this.previous = "@input";
				return;
			}
			if ((cls.equals("Sequential") || cls.equals("Functional") || cls.equals("Model")) && config.path("layers").isArray()) {
				nested(name, cls, config, inputs, index, out);
				return;
			}
			if (this.previous == null && this.inputShape == null) {
				JsonNode shape = unwrap(config.get("batch_input_shape"));
				if (shape != null && shape.isArray()) {
					setInput(shape);
				}
			}
			ObjectNode l = NODES.objectNode();
			l.put("name", unique(this.prefix + name));
			List<String> sources = new ArrayList<>();
			for (String in : inputs) {
				sources.add(this.outputs.getOrDefault(in, "@input"));
			}
			if (sources.isEmpty()) {
				sources.add(this.previous == null ? "@input" : this.previous);
			}
			Long inChannels = inputChannels(layer, sources);
			JsonNode inner = config;
			String type = SIMPLE.get(cls);
			boolean bidirectional = false;
			if (cls.equals("Bidirectional")) {
				JsonNode wrapped = config.path("layer");
				String innerCls = wrapped.path("class_name").asString("");
				type = SIMPLE.get(innerCls);
				inner = wrapped.path("config");
				bidirectional = true;
				if (!"concat".equals(config.path("merge_mode").asString("concat"))) {
					this.notes.add(name + ": Bidirectional merge_mode " + config.path("merge_mode").asString() + " is read as concat");
				}
			}
			if (cls.equals("Activation")) {
				type = activationType(inner.path("activation").asString("linear"));
			}
			if ((cls.equals("GlobalAveragePooling1D") || cls.equals("GlobalAveragePooling2D")) && config.path("keepdims").asBoolean(false)) {
				l.put("keepdims", true);
			}
			if (cls.equals("Reshape") && keepsChannelsAtOnes(config.path("target_shape"), inChannels) && !out.isEmpty()
					&& "global_avg_pool".equals(out.get(out.size() - 1).path("type").asString()) && sources.get(0).equals(this.previous)) {
				// GlobalAveragePooling2D → Reshape((1, 1, C)): the pooling keeps its axes (MobileNet's head, SE blocks).
				((ObjectNode) out.get(out.size() - 1)).put("keepdims", true);
				this.outputs.put(name, this.previous);
				return;
			}
			if (type != null && (type.equals("add") || type.equals("concat")) && sources.size() < 2) {
				// x + 3.0 (hard-swish), x * 0.5: an operation with a constant leaves the shape as it is.
				type = null;
			}
			if (type == null || (type.equals("multihead_attention") && inChannels == null)) {
				if (SHAPE_KEEPING.contains(cls)) {
					type = "identity";
					this.notes.add(name + ": " + cls + " is not modelled; it keeps its input's shape and is read as passing its first input through");
				}
				else {
					type = "opaque";
					this.notes.add(name + ": " + cls + " is not modelled; its channels are passed on and the spatial sizes after it are unknown");
				}
				sources = sources.subList(0, 1);
			}
			l.put("type", type);
			if (sources.size() > 1 || !sources.get(0).equals(this.previous)) {
				ArrayNode arr = l.putArray("inputs");
				sources.forEach(arr::add);
			}
			this.build = layer.path("build_config");
			copySizes(type, inner, l, inChannels, bidirectional);
			copyInitializers(inner, l);
			String activation = inner.path("activation").asString(null);
			if (activation != null && !cls.equals("Activation") && !activation.equals("linear") && !type.equals("lstm") && !type.equals("gru")) {
				l.put("activation", activationName(activation));
			}
			String outName = l.get("name").asString();
			this.outputs.put(name, outName);
			this.channels.put(outName, outputChannels(type, l, inChannels, sources));
			this.previous = outName;
			out.add(l);
			this.origins.add(new ImportedModel.Origin(this.pointer, this.prefix + name));
		}

		/**
		 * A model used as a layer (ConvNeXt's stem is a Sequential): its layers are read in place, named
		 * {@code outer/inner} as Keras names their weights, reading from what feeds the outer layer; the outer name then
		 * stands for the inner model's output.
		 */
		private void nested(String name, String cls, JsonNode config, List<String> inputs, int index, ArrayNode out) {
			if (this.depth >= MAX_NESTING) {
				throw new InvalidModelException(this.pointer, "models nested more than " + MAX_NESTING + " deep are not read");
			}
			String source = inputs.isEmpty() ? (this.previous == null ? "@input" : this.previous) : this.outputs.getOrDefault(inputs.get(0), "@input");
			JsonNode layers = config.get("layers");
			this.notes.add(name + ": a nested " + cls + " of " + layers.size() + " layers, read in place");
			String saved = this.prefix;
			this.prefix = saved + name + "/";
			this.depth++;
			this.previous = source;
			String outerPointer = this.pointer;
			for (int j = 0; j < layers.size(); j++) {
				JsonNode inner = layers.get(j);
				this.pointer = outerPointer + "/config/layers/" + j;
				String innerName = inner.path("name").asString(inner.path("config").path("name").asString(""));
				if (inner.path("class_name").asString("").equals("InputLayer")) {
					this.outputs.put(innerName, source);
					this.previous = source;
					continue;
				}
				layer(inner, index, out);
			}
			String result = this.previous;
			JsonNode outputLayers = config.path("output_layers");
			JsonNode first = outputLayers.isArray() && !outputLayers.isEmpty() ? outputLayers.get(0) : null;
			if (first != null && first.isArray() && !first.isEmpty() && first.get(0).isString() && this.outputs.containsKey(first.get(0).asString())) {
				result = this.outputs.get(first.get(0).asString());
			}
			this.pointer = outerPointer;
			this.prefix = saved;
			this.depth--;
			this.outputs.put(name, result);
			this.previous = result;
		}

		private void setInput(JsonNode batchShape) {
			List<Long> dims = new ArrayList<>();
			for (int i = 1; i < batchShape.size(); i++) {
				if (!batchShape.get(i).isIntegralNumber()) {
					this.channels.put("@input", batchShape.get(batchShape.size() - 1).isIntegralNumber() ? batchShape.get(batchShape.size() - 1).asLong() : null);
					return;
				}
				dims.add(batchShape.get(i).asLong());
			}
			if (dims.isEmpty()) {
				return;
			}
			// channels_last → channels first: (H, W, C) → [C, H, W]
			ArrayNode shape = NODES.arrayNode();
			shape.add(dims.get(dims.size() - 1));
			for (int i = 0; i < dims.size() - 1; i++) {
				shape.add(dims.get(i));
			}
			this.inputShape = shape;
			this.channels.put("@input", dims.get(dims.size() - 1));
		}

		private List<String> inputs(JsonNode layer) {
			Set<String> names = new LinkedHashSet<>();
			JsonNode nodes = layer.path("inbound_nodes");
			if (!nodes.isArray() || nodes.isEmpty()) {
				return new ArrayList<>(names);
			}
			if (nodes.size() > 1) {
				this.notes.add(layer.path("name").asString("?") + ": a shared layer is read at its first call only");
			}
			JsonNode node = nodes.get(0);
			for (JsonNode history : node.findValues("keras_history")) {
				names.add(history.get(0).asString());
			}
			if (names.isEmpty() && node.isArray()) {
				// tf.keras 2: [[name, node_index, tensor_index, kwargs], ...]
				for (JsonNode t : node) {
					if (t.isArray() && !t.isEmpty() && t.get(0).isString()) {
						names.add(t.get(0).asString());
					}
				}
			}
			return new ArrayList<>(names);
		}

		/** The last axis of a Keras shape ([null, 16, 64] → 64), or {@code null}. */
		private static @Nullable Long lastAxis(JsonNode shape) {
			JsonNode s = unwrap(shape);
			if (s == null || !s.isArray() || s.isEmpty() || !s.get(s.size() - 1).isIntegralNumber()) {
				return null;
			}
			return s.get(s.size() - 1).asLong();
		}

		private @Nullable Long inputChannels(JsonNode layer, List<String> sources) {
			JsonNode build = layer.path("build_config").path("input_shape");
			Long query = lastAxis(layer.path("build_config").path("query_shape"));
			if (query != null) {
				return query; // MultiHeadAttention
			}
			if (build.isArray() && !build.isEmpty()) {
				JsonNode first = build.get(0);
				JsonNode shape = first.isArray() ? first : build;
				JsonNode last = shape.get(shape.size() - 1);
				if (last != null && last.isIntegralNumber()) {
					return last.asLong();
				}
			}
			return this.channels.get(sources.get(0));
		}

		private @Nullable Long outputChannels(String type, ObjectNode l, @Nullable Long in, List<String> sources) {
			return switch (type) {
				case "linear" -> l.path("out_features").asLong();
				case "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d", "separable_conv1d", "separable_conv2d" ->
					l.path("filters").asLong();
				case "depthwise_conv1d", "depthwise_conv2d" -> in == null ? null : in * l.path("depth_multiplier").asLong(1);
				case "lstm", "gru" -> l.path("units").asLong() * (l.path("bidirectional").asBoolean(false) ? 2 : 1);
				case "embedding" -> l.path("output_dim").asLong();
				case "concat" -> {
					long sum = 0;
					for (String s : sources) {
						Long c = this.channels.get(s);
						if (c == null) {
							yield null;
						}
						sum += c;
					}
					yield sum;
				}
				case "flatten" -> null;
				default -> in;
			};
		}

		private void copySizes(String type, JsonNode c, ObjectNode l, @Nullable Long in, boolean bidirectional) {
			switch (type) {
				case "linear" -> {
					l.put("out_features", c.path("units").asLong());
					if (in != null) {
						l.put("in_features", in);
					}
				}
				case "embedding" -> {
					l.put("input_dim", c.path("input_dim").asLong());
					l.put("output_dim", c.path("output_dim").asLong());
				}
				case "lstm", "gru" -> {
					l.put("units", c.path("units").asLong());
					if (in != null) {
						l.put("input_size", in);
					}
					if (bidirectional) {
						l.put("bidirectional", true);
					}
					if (type.equals("lstm") && !c.path("unit_forget_bias").asBoolean(true)) {
						this.notes.add(l.get("name").asString() + ": unit_forget_bias=False");
					}
				}
				case "multihead_attention" -> {
					// keras.layers.MultiHeadAttention(num_heads, key_dim, value_dim=None, output_shape=None, use_bias=True)
					l.put("embed_dim", in);
					l.put("num_heads", c.path("num_heads").asLong(1));
					copyIfPresent(c, l, "key_dim");
					copyIfPresent(c, l, "value_dim");
					JsonNode outShape = unwrap(c.get("output_shape"));
					if (outShape != null && outShape.isArray() && outShape.size() == 1) {
						outShape = outShape.get(0); // output_shape=(64,)
					}
					if (outShape != null && outShape.isIntegralNumber()) {
						l.put("output_dim", outShape.asLong());
					}
					else if (outShape != null && !outShape.isNull()) {
						this.notes.add(l.get("name").asString() + ": output_shape " + outShape + " is read as the query's last axis");
					}
					Long value = lastAxis(this.build.path("value_shape"));
					Long key = lastAxis(this.build.path("key_shape"));
					if (value != null && !value.equals(in)) {
						l.put("vdim", value);
						l.put("kdim", key == null ? value : key);
					}
					else if (key != null && !key.equals(in)) {
						l.put("kdim", key);
					}
				}
				case "dropout" -> l.put("rate", c.path("rate").asDouble(0.5));
				case "leaky_relu" -> l.put("negative_slope", c.has("negative_slope") ? c.get("negative_slope").asDouble() : c.path("alpha").asDouble(0.3));
				case "elu" -> l.put("alpha", c.path("alpha").asDouble(1.0));
				case "group_norm" -> {
					l.put("num_groups", c.path("groups").asLong(32));
					affine(c, l);
				}
				case "batch_norm", "layer_norm" -> affine(c, l);
				case "zero_pad1d", "zero_pad2d" -> l.set("padding", padding(c, type.endsWith("1d") ? 1 : 2));
				case "layer_scale" -> {
					// keras.applications.convnext.LayerScale(init_values, projection_dim)
					l.put("dim", c.has("projection_dim") ? c.get("projection_dim").asLong() : in == null ? 0 : in);
					l.put("init_value", c.path("init_values").asDouble(1e-6));
				}
				default -> {
				}
			}
			if (type.startsWith("conv") || type.startsWith("depthwise") || type.startsWith("separable")) {
				if (c.has("filters")) {
					l.put("filters", c.get("filters").asLong());
				}
				if (in != null) {
					l.put("in_channels", in);
				}
				l.set("kernel_size", unwrap(c.get("kernel_size")));
				copyIfPresent(c, l, "strides");
				copyIfPresent(c, l, "dilation_rate");
				copyIfPresent(c, l, "padding");
				if (c.path("groups").asLong(1) > 1) {
					l.put("groups", c.get("groups").asLong());
				}
				if (c.has("depth_multiplier")) {
					l.put("depth_multiplier", c.get("depth_multiplier").asLong());
				}
				if (c.has("use_bias")) {
					l.put("use_bias", c.get("use_bias").asBoolean());
				}
			}
			if (type.endsWith("pool1d") || type.endsWith("pool2d")) {
				l.set("kernel_size", unwrap(c.get("pool_size")));
				if (c.has("strides") && !c.get("strides").isNull()) {
					l.set("strides", unwrap(c.get("strides")));
				}
				copyIfPresent(c, l, "padding");
			}
			if ((type.equals("linear") || type.equals("multihead_attention")) && c.has("use_bias")) {
				l.put("use_bias", c.get("use_bias").asBoolean());
			}
		}

		private void copyIfPresent(JsonNode c, ObjectNode l, String key) {
			JsonNode v = unwrap(c.get(key));
			if (v != null && !v.isNull()) {
				l.set(key, v);
			}
		}

		private void copyInitializers(JsonNode c, ObjectNode l) {
			ObjectNode inits = NODES.objectNode();
			for (Map.Entry<String, String> e : INITIALIZERS.entrySet()) {
				JsonNode init = c.get(e.getKey());
				if (init == null || init.isNull() || isKerasDefault(e.getKey(), init)) {
					continue;
				}
				JsonNode value = initializer(init);
				if (e.getValue().equals("init") || e.getValue().equals("bias_init")) {
					l.set(e.getValue(), value);
				}
				else {
					inits.set(e.getValue(), value);
				}
			}
			JsonNode gamma = c.get("gamma_initializer");
			if (gamma != null && gamma.isObject() && !gamma.path("class_name").asString("").equals("Ones")) {
				l.set("init", initializer(gamma));
			}
			if (!inits.isEmpty()) {
				l.set("inits", inits);
			}
		}

		/**
		 * Keras writes its defaults into every config; leaving them out lets the audit say "the default" (and raise
		 * DEFAULT_INIT_NOT_HE rather than a gain mismatch of a call the user never wrote). {@link Defaults} decides.
		 */
		private static boolean isKerasDefault(String argument, JsonNode init) {
			if (init.isString()) {
				return Defaults.isKerasArgumentDefault(argument, new InitDecl.CallText(init.asString()));
			}
			Map<String, Object> config = new LinkedHashMap<>();
			for (Map.Entry<String, JsonNode> e : init.path("config").properties()) {
				JsonNode v = e.getValue();
				config.put(e.getKey(), v.isNumber() ? (Object) v.asDouble() : v.isBoolean() ? (Object) v.asBoolean() : v.isString() ? v.asString() : null);
			}
			return Defaults.isKerasArgumentDefault(argument, new InitDecl.Serialized(init.path("class_name").asString(""), config));
		}

		/** Keras 3 wraps initializers with module/registered_name; keep class_name and config. */
		private static JsonNode initializer(JsonNode init) {
			if (init.isString()) {
				return init;
			}
			ObjectNode o = NODES.objectNode();
			o.put("class_name", init.path("class_name").asString(""));
			JsonNode cfg = init.path("config");
			o.set("config", cfg.isObject() ? cfg : NODES.objectNode());
			return o;
		}

		private String unique(String name) {
			String n = name;
			int k = 1;
			while (this.channels.containsKey(n) || "@input".equals(n)) {
				n = name + "_" + k++;
			}
			return n;
		}

	}

	/** tf.keras 2 writes tuples as {"class_name": "__tuple__", "items": [...]} and shapes as TensorShape objects. */
	static @Nullable JsonNode unwrap(@Nullable JsonNode v) {
		if (v != null && v.isObject() && v.has("items")) {
			return v.get("items");
		}
		return v;
	}

	static String activationName(String keras) {
		return switch (keras) {
			case "relu6" -> "relu";
			case "swish" -> "silu";
			case "hard_swish", "hard_silu" -> "silu";
			default -> keras;
		};
	}

	static String activationType(String keras) {
		String a = activationName(keras);
		return switch (a) {
			case "relu", "gelu", "silu", "tanh", "sigmoid", "selu", "elu", "softmax", "softplus", "mish", "leaky_relu" -> a;
			default -> "identity";
		};
	}

}
