package io.initaudit.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.initaudit.core.Activation;
import io.initaudit.core.FanMode;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Reads a model description from its JSON tree: merges PyTorch and Keras spellings, checks every field, infers
 * shapes through the graph, and reports each problem with the JSON Pointer of the offending field.
 */
public final class ModelReader {

	/**
	 * Bounds on what a description may ask for; every number a user sends is checked against one.
	 *
	 * @param maxLayers layers in a description
	 * @param maxSize any one size (channels, features, a dimension of input.shape)
	 * @param maxKernel kernel sizes, strides, dilations, paddings
	 * @param maxInitLength an initializer call
	 * @param maxNameLength the model's and each layer's name (the stores hold 200 characters)
	 * @param maxViolations problems reported at once
	 * @param maxElements values per sample of the input and of every layer's output
	 */
	public record Limits(int maxLayers, long maxSize, int maxKernel, int maxInitLength, int maxNameLength, int maxViolations, long maxElements) {

		public static final Limits DEFAULT = new Limits(4096, 1L << 24, 1024, 4096, 200, 100, 1L << 30);

	}

	/**
	 * Stacked recurrent layers in one {@code lstm}/{@code gru} layer: each adds its own weight matrices to the report
	 * (found by fuzzing: num_layers of a million exhausted the heap).
	 */
	static final int MAX_STACKED_LAYERS = 64;

	/** Fields the reader knows and deliberately ignores (they do not change the init). */
	private static final Set<String> IGNORED_FIELDS = Set.of("eps", "epsilon", "momentum", "affine", "elementwise_affine",
			"track_running_stats", "padding_mode", "batch_first", "data_format", "comment", "description", "dropout", "center",
			"scale", "trainable", "dtype", "return_sequences", "inplace", "device", "mode", "axis", "dim", "ceil_mode",
			"count_include_pad");

	private final Limits limits;

	public ModelReader(Limits limits) {
		this.limits = limits;
	}

	public ModelReader() {
		this(Limits.DEFAULT);
	}

	public ModelDescription read(JsonNode root) {
		return new Pass(root).run();
	}

	/**
	 * The model description in {@code body.field} of a larger request (propagation, trials): required, and every
	 * violation's pointer starts with {@code /field}.
	 */
	public ModelDescription readField(JsonNode body, String field) {
		if (!body.isObject() || !body.path(field).isObject()) {
			throw new InvalidModelException("/" + field, field + " is required: a model description object");
		}
		try {
			return read(body.get(field));
		}
		catch (InvalidModelException ex) {
			throw ex.within(field);
		}
	}

	/** One read of one document: collects violations, then throws them all at once. */
	private final class Pass {

		private final JsonNode root;

		private final List<Violation> violations = new ArrayList<>();

		private final List<Violation> notes = new ArrayList<>();

		private final Map<String, Layer> layers = new LinkedHashMap<>();

		Pass(JsonNode root) {
			this.root = root;
		}

		ModelDescription run() {
			if (!this.root.isObject()) {
				throw new InvalidModelException("", "The model description must be a JSON object");
			}
			Set<String> used = new HashSet<>(Set.of("name", "framework", "input", "layers", "inputShape", "input_shape"));
			String name = text(this.root, "", "name", false);
			if (name != null && !validName(name)) {
				fail("/name", "name must be 1 to " + limits.maxNameLength() + " characters without control characters");
			}
			Framework framework = framework(this.root, "", Framework.PYTORCH);
			TensorShape input = inputShape();
			JsonNode layerArray = this.root.get("layers");
			if (layerArray == null || !layerArray.isArray()) {
				fail("/layers", "layers is required and must be an array of layer objects");
				throw new InvalidModelException(this.violations);
			}
			if (layerArray.isEmpty()) {
				fail("/layers", "layers must hold at least one layer");
			}
			if (layerArray.size() > limits.maxLayers()) {
				fail("/layers", "at most " + limits.maxLayers() + " layers are accepted. Received: " + layerArray.size());
				throw new InvalidModelException(this.violations);
			}
			noteUnknown(this.root, "", used);
			String previous = ModelDescription.INPUT;
			for (int i = 0; i < layerArray.size(); i++) {
				Layer layer = layer(layerArray.get(i), i, framework, previous, input);
				if (layer != null) {
					this.layers.put(layer.name(), layer);
					previous = layer.name();
				}
				if (this.violations.size() >= limits.maxViolations()) {
					break;
				}
			}
			if (!this.violations.isEmpty()) {
				throw new InvalidModelException(this.violations);
			}
			List<Layer> all = new ArrayList<>(this.layers.values());
			ModelDescription draft = new ModelDescription(name == null ? "model" : name, framework, input, all, this.notes);
			return new ModelDescription(draft.name(), framework, input, followingActivations(draft), List.copyOf(this.notes));
		}

		private @Nullable TensorShape inputShape() {
			JsonNode in = this.root.get("input");
			if (in == null || in.isNull()) {
				return null;
			}
			JsonNode shape = in.get("shape");
			if (!in.isObject() || shape == null || !shape.isArray() || shape.isEmpty() || shape.size() > 4) {
				fail("/input/shape", "input.shape must be an array of 1 to 4 positive integers, channels first ([C, H, W], [C, L], [features])");
				return null;
			}
			long[] dims = new long[shape.size()];
			for (int i = 0; i < dims.length; i++) {
				Long v = integer(shape.get(i), "/input/shape/" + i, 1, limits.maxSize());
				dims[i] = v == null ? TensorShape.UNKNOWN : v;
			}
			TensorShape parsed = TensorShape.of(dims);
			if (parsed.elements() > limits.maxElements()) {
				fail("/input/shape", "input.shape holds more than " + limits.maxElements() + " values per sample");
				return null;
			}
			return parsed;
		}

		/** A name the stores and reports can hold: 1 to maxNameLength characters, none of them a control character. */
		private boolean validName(String name) {
			return !name.isBlank() && name.length() <= limits.maxNameLength() && name.chars().noneMatch(Character::isISOControl);
		}

		private @Nullable Layer layer(JsonNode node, int index, Framework modelFramework, String previous, @Nullable TensorShape modelInput) {
			String p = "/layers/" + index;
			if (!node.isObject()) {
				fail(p, "each layer must be a JSON object");
				return null;
			}
			Set<String> used = new HashSet<>(Set.of("name", "type", "framework", "inputs", "init", "bias_init", "inits", "intent", "measured"));
			String typeName = text(node, p, "type", true);
			if (typeName == null) {
				return null;
			}
			LayerType type = LayerType.fromName(typeName);
			if (type == null) {
				fail(p + "/type", "unknown layer type '" + abbreviate(typeName) + "'. Known types: " + knownTypes());
				return null;
			}
			String name = text(node, p, "name", false);
			if (name == null) {
				name = type.jsonName() + "_" + index;
			}
			else if (!validName(name) || name.startsWith("@")) {
				fail(p + "/name", "name must be 1 to " + limits.maxNameLength() + " characters without control characters and must not start with '@'");
				return null;
			}
			if (this.layers.containsKey(name)) {
				fail(p + "/name", "duplicate layer name '" + name + "'");
				return null;
			}
			Framework framework = framework(node, p, modelFramework);
			List<String> inputs = inputs(node, p, type, previous);
			if (inputs == null) {
				return null;
			}
			TensorShape inShape = inputShapeOf(inputs, type, p, modelInput);
			Fields f = new Fields(node, p, used);
			LayerConfig config = config(type, f, inShape, framework);
			if (config == null) {
				return null;
			}
			TensorShape outShape = outputShape(type, config, inShape, inputs, p);
			InitDecl init = initDecl(firstPresent(node, used, "init", "kernel_init", "kernel_initializer", "weight_init"), p + "/init");
			InitDecl biasInit = initDecl(firstPresent(node, used, "bias_init", "bias_initializer"), p + "/bias_init");
			Map<String, InitDecl> inits = inits(node.get("inits"), p + "/inits");
			Intent intent = intent(node.get("intent"), p + "/intent");
			Map<String, MeasuredStats> measured = measured(node.get("measured"), p + "/measured");
			noteUnknown(node, p, used);
			if (outShape == null) {
				return null;
			}
			if (outShape.elements() > limits.maxElements()) {
				fail(p, "the layer's output holds more than " + limits.maxElements() + " values per sample");
				return null;
			}
			return new Layer(index, name, type, framework, inputs, config, init, biasInit, inits, intent, measured,
					inShape == null ? TensorShape.unknown(0) : inShape, outShape, null, 0.0);
		}

		private @Nullable List<String> inputs(JsonNode node, String p, LayerType type, String previous) {
			JsonNode in = node.get("inputs");
			if (in == null || in.isNull()) {
				if (type.kind() == LayerKind.ADD || type.kind() == LayerKind.CONCAT) {
					fail(p + "/inputs", type.jsonName() + " needs 'inputs' naming at least two layers");
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
						fail(p + "/inputs/" + i, "inputs must name layers (strings)");
						return null;
					}
					names.add(n.stringValue());
				}
			}
			else {
				fail(p + "/inputs", "inputs must be a layer name or an array of layer names");
				return null;
			}
			if (names.isEmpty()) {
				fail(p + "/inputs", "inputs must name at least one layer");
				return null;
			}
			for (int i = 0; i < names.size(); i++) {
				String n = names.get(i);
				if (!n.equals(ModelDescription.INPUT) && !this.layers.containsKey(n)) {
					fail(p + "/inputs/" + i, "'" + abbreviate(n) + "' is not a layer defined before this one (layers must be in topological order; cycles are not allowed)");
					return null;
				}
			}
			boolean merge = type.kind() == LayerKind.ADD || type.kind() == LayerKind.CONCAT;
			if (merge && names.size() < 2) {
				fail(p + "/inputs", type.jsonName() + " needs at least two inputs");
				return null;
			}
			if (!merge && names.size() != 1) {
				fail(p + "/inputs", type.jsonName() + " takes exactly one input; use add or concat to merge");
				return null;
			}
			return List.copyOf(names);
		}

		private @Nullable TensorShape inputShapeOf(List<String> inputs, LayerType type, String p, @Nullable TensorShape modelInput) {
			if (type.kind() == LayerKind.ADD || type.kind() == LayerKind.CONCAT) {
				return null; // merged in outputShape
			}
			return shapeOf(inputs.get(0), modelInput);
		}

		private @Nullable TensorShape shapeOf(String name, @Nullable TensorShape modelInput) {
			if (name.equals(ModelDescription.INPUT)) {
				return modelInput;
			}
			Layer l = this.layers.get(name);
			return l == null ? null : l.outputShape();
		}

		private @Nullable LayerConfig config(LayerType type, Fields f, @Nullable TensorShape in, Framework framework) {
			int rank = type.spatialRank();
			LayerKind kind = type.kind();
			long inferred = in == null ? TensorShape.UNKNOWN : in.channels();
			long inSize = TensorShape.UNKNOWN;
			long out = TensorShape.UNKNOWN;
			List<Integer> kernel = List.of();
			List<Integer> stride = List.of();
			List<Integer> dilation = List.of();
			List<Integer> padding = List.of();
			List<Integer> outputPadding = List.of();
			String paddingMode = null;
			int groups = 1;
			int dm = 1;
			Integer dMul = null;
			boolean bias = f.bool(true, "bias", "use_bias");
			// A norm's learnable scale and shift: torch affine / elementwise_affine, Keras scale / center.
			boolean normScale = true;
			if (kind == LayerKind.BATCH_NORM || kind == LayerKind.LAYER_NORM || kind == LayerKind.GROUP_NORM) {
				boolean affine = f.bool(true, "affine", "elementwise_affine");
				normScale = affine && f.bool(true, "scale");
				bias = affine && bias && f.bool(true, "center");
			}
			int numLayers = 1;
			boolean bidirectional = false;
			long vocabulary = 0;
			int numGroups = 1;
			double initValue = 0.0;
			int numHeads = 1;
			String inField = null;
			switch (kind) {
				case LINEAR -> {
					inField = f.has("in_features", "input_dim", "in_channels") ? f.name("in_features", "input_dim", "in_channels") : "in_features";
					inSize = f.size(false, "in_features", "input_dim", "in_channels");
					out = f.size(true, "out_features", "units", "out_channels", "features");
				}
				case CONV, CONV_TRANSPOSE, DO_CONV, SEPARABLE, DEPTHWISE -> {
					inField = "in_channels";
					inSize = f.size(false, "in_channels");
					if (kind == LayerKind.DEPTHWISE || kind == LayerKind.SEPARABLE) {
						dm = (int) Math.max(1, f.size(false, "depth_multiplier"));
						f.defaultIfMissing("depth_multiplier");
					}
					if (kind != LayerKind.DEPTHWISE) {
						out = f.size(true, "out_channels", "filters", "features");
					}
					else if (f.has("out_channels", "filters")) {
						out = f.size(false, "out_channels", "filters");
					}
					kernel = f.ints("kernel_size", rank, null, 1, limits.maxKernel(), "kernel_size", "kernel");
					stride = f.ints("stride", rank, 1, 1, limits.maxKernel(), "stride", "strides");
					dilation = f.ints("dilation", rank, 1, 1, limits.maxKernel(), "dilation", "dilation_rate");
					paddingMode = f.paddingMode();
					padding = paddingMode != null ? zeros(rank) : f.ints("padding", rank, 0, 0, limits.maxKernel(), "padding");
					if (kind == LayerKind.CONV_TRANSPOSE) {
						outputPadding = f.ints("output_padding", rank, 0, 0, limits.maxKernel(), "output_padding");
					}
					if (kind == LayerKind.CONV || kind == LayerKind.CONV_TRANSPOSE || kind == LayerKind.DO_CONV) {
						groups = (int) Math.max(1, f.size(false, "groups", "feature_group_count"));
					}
					if (kind == LayerKind.DO_CONV && f.has("d_mul", "D_mul")) {
						dMul = (int) f.size(false, "d_mul", "D_mul");
					}
				}
				case EMBEDDING -> {
					vocabulary = f.size(true, "num_embeddings", "input_dim", "vocab_size");
					out = f.size(true, "embedding_dim", "output_dim", "features");
				}
				case LSTM, GRU -> {
					inField = "input_size";
					inSize = f.size(false, "input_size", "input_dim");
					out = f.size(true, "hidden_size", "units");
					numLayers = (int) Math.max(1, f.size(false, "num_layers"));
					if (numLayers > MAX_STACKED_LAYERS) {
						fail(f.pointer + "/num_layers", "num_layers must be at most " + MAX_STACKED_LAYERS + ". Received: " + numLayers);
						return null;
					}
					bidirectional = f.bool(false, "bidirectional");
				}
				case ATTENTION -> {
					inField = "embed_dim";
					out = f.size(true, "embed_dim", "key_dim_total", "d_model");
					inSize = out;
					numHeads = (int) f.size(true, "num_heads");
				}
				case BATCH_NORM -> {
					inField = "num_features";
					inSize = f.size(false, "num_features");
				}
				case LAYER_NORM -> {
					inField = "normalized_shape";
					inSize = f.sizeOrLast(false, "normalized_shape");
				}
				case GROUP_NORM -> {
					inField = "num_channels";
					inSize = f.size(false, "num_channels");
					numGroups = (int) f.size(true, "num_groups");
				}
				case LAYER_SCALE -> {
					inField = "dim";
					inSize = f.size(false, "dim", "num_features");
					initValue = f.number(1e-5, 0.0, 1e6, "init_value", "init_values", "layer_scale_init_value");
				}
				case POOL -> {
					kernel = f.ints("kernel_size", rank, null, 1, limits.maxKernel(), "kernel_size", "pool_size");
					stride = f.ints("stride", rank, null, 1, limits.maxKernel(), "stride", "strides");
					if (stride.isEmpty() || stride.get(0) == null) {
						stride = kernel;
					}
					paddingMode = f.paddingMode();
					padding = paddingMode != null ? zeros(rank) : f.ints("padding", rank, 0, 0, limits.maxKernel(), "padding");
					dilation = zeros(rank).stream().map(z -> 1).toList();
				}
				case DROPOUT -> f.number(0.5, 0.0, 1.0, "p", "rate");
				default -> {
				}
			}
			Activation activation = null;
			double activationParam = 0.0;
			if (kind == LayerKind.ACTIVATION) {
				activation = type.activation();
			}
			else if (f.has("activation")) {
				String a = f.string("activation");
				if (a != null) {
					activation = Activation.fromName(a);
					if (activation == null) {
						fail(f.pointer + "/activation", "unknown activation '" + abbreviate(a) + "'");
					}
				}
			}
			if (activation == Activation.LEAKY_RELU) {
				activationParam = f.number(Activation.DEFAULT_NEGATIVE_SLOPE, 0.0, 1e3, "negative_slope", "alpha");
			}
			else if (activation == Activation.ELU) {
				activationParam = f.number(1.0, 0.0, 1e3, "alpha");
			}
			if (f.failed) {
				return null;
			}
			// Input size: declared, inferred from the graph, and the two must agree.
			if (inField != null) {
				if (inSize == TensorShape.UNKNOWN) {
					inSize = inferred;
				}
				else if (inferred != TensorShape.UNKNOWN && inferred != inSize && kind != LayerKind.ATTENTION) {
					fail(f.pointer + "/" + f.usedName(inField), inField + " is " + inSize + " but the input of this layer has " + inferred
							+ " channels/features");
					return null;
				}
				if (inSize == TensorShape.UNKNOWN && kind.hasParameters()) {
					fail(f.pointer + "/" + inField, inField + " is required: it cannot be inferred (give input.shape or " + inField + ")");
					return null;
				}
			}
			else if (kind != LayerKind.EMBEDDING) {
				inSize = inferred;
			}
			if (kind == LayerKind.DEPTHWISE) {
				long expected = inSize * dm;
				if (out != TensorShape.UNKNOWN && out != expected) {
					fail(f.pointer + "/out_channels", "a depthwise conv on " + inSize + " channels with depth_multiplier " + dm + " has " + expected
							+ " outputs. Received: " + out);
					return null;
				}
				out = expected;
				groups = (int) inSize;
			}
			if (groups > 1) {
				if (inSize % groups != 0) {
					fail(f.pointer + "/groups", "groups=" + groups + " does not divide in_channels=" + inSize);
					return null;
				}
				if (out % groups != 0) {
					fail(f.pointer + "/groups", "groups=" + groups + " does not divide out_channels=" + out);
					return null;
				}
			}
			if (kind == LayerKind.GROUP_NORM && inSize % numGroups != 0) {
				fail(f.pointer + "/num_groups", "num_groups=" + numGroups + " does not divide num_channels=" + inSize);
				return null;
			}
			if (kind == LayerKind.ATTENTION && out % numHeads != 0) {
				fail(f.pointer + "/num_heads", "num_heads=" + numHeads + " does not divide embed_dim=" + out);
				return null;
			}
			if (framework == Framework.DL4J && groups > 1 && kind != LayerKind.DEPTHWISE) {
				fail(f.pointer + "/groups", "DL4J has no grouped convolution; describe a depthwise layer as depthwise_conv2d");
				return null;
			}
			if (kind.hasParameters() && parameterCount(kind, inSize, out, kernel, groups, dm, vocabulary, numLayers) > limits.maxSize() * 64) {
				fail(f.pointer, "the layer has more parameters than the service audits (" + limits.maxSize() * 64 + ")");
				return null;
			}
			return new LayerConfig(inSize, out, kernel, stride, dilation, padding, paddingMode, outputPadding, groups, dm, dMul, bias, numLayers,
					bidirectional, vocabulary, numGroups, initValue, numHeads, activation, activationParam, normScale,
					kind == LayerKind.GLOBAL_POOL && f.bool(false, "keepdims"));
		}

		private @Nullable TensorShape outputShape(LayerType type, LayerConfig c, @Nullable TensorShape in, List<String> inputs, String p) {
			LayerKind kind = type.kind();
			int rank = type.spatialRank();
			switch (kind) {
				case ADD, CONCAT -> {
					return merge(kind, inputs, p);
				}
				case EMBEDDING -> {
					long len = in == null || in.rank() == 0 ? TensorShape.UNKNOWN : in.dims().get(in.rank() - 1);
					return TensorShape.of(c.out(), len);
				}
				default -> {
				}
			}
			// Rank 0 is what a parameterless layer passes on when nothing is known of its input: as unknown as null.
			TensorShape shape = in == null || in.rank() == 0 ? null : in;
			if (kind == LayerKind.CONV || kind == LayerKind.CONV_TRANSPOSE || kind == LayerKind.DEPTHWISE || kind == LayerKind.SEPARABLE
					|| kind == LayerKind.DO_CONV || kind == LayerKind.POOL) {
				if (shape == null) {
					shape = TensorShape.unknown(rank + 1).withChannels(c.in());
				}
				if (shape.rank() != rank + 1) {
					fail(p + "/type", type.jsonName() + " needs a per-sample input of rank " + (rank + 1) + " (channels first); its input has shape "
							+ shape);
					return null;
				}
				List<Long> dims = new ArrayList<>();
				dims.add(kind == LayerKind.POOL ? shape.channels() : c.out());
				for (int i = 0; i < rank; i++) {
					long l = shape.dims().get(i + 1);
					long o = kind == LayerKind.CONV_TRANSPOSE ? transposedLength(l, c, i) : convLength(l, c, i);
					if (l != TensorShape.UNKNOWN && o < 1) {
						fail(p + "/kernel_size", "the kernel does not fit the input: spatial size " + l + " gives an output size " + o);
						return null;
					}
					dims.add(o);
				}
				return new TensorShape(dims);
			}
			if (shape == null) {
				shape = kind.hasParameters() ? TensorShape.unknown(1).withChannels(c.in()) : null;
			}
			if (shape == null) {
				return TensorShape.unknown(0);
			}
			return switch (kind) {
				case LINEAR, ATTENTION -> shape.withChannels(c.out());
				case LSTM, GRU -> shape.withChannels((long) c.out() * c.directions());
				case GLOBAL_POOL -> {
					if (!c.keepDims()) {
						yield TensorShape.of(shape.channels());
					}
					List<Long> kept = new ArrayList<>(List.of(shape.channels()));
					for (int i = 1; i < shape.rank(); i++) {
						kept.add(1L);
					}
					yield new TensorShape(kept);
				}
				case FLATTEN -> TensorShape.of(shape.elements());
				default -> shape;
			};
		}

		private long convLength(long l, LayerConfig c, int i) {
			if (l == TensorShape.UNKNOWN) {
				return TensorShape.UNKNOWN;
			}
			int s = c.stride().get(i);
			if ("same".equals(c.paddingMode())) {
				return (l + s - 1) / s;
			}
			int k = c.kernel().get(i);
			int d = c.dilation().get(i);
			int pad = c.padding().get(i);
			return Math.floorDiv(l + 2L * pad - (long) d * (k - 1) - 1, s) + 1;
		}

		private long transposedLength(long l, LayerConfig c, int i) {
			if (l == TensorShape.UNKNOWN) {
				return TensorShape.UNKNOWN;
			}
			int s = c.stride().get(i);
			if ("same".equals(c.paddingMode())) {
				return l * s;
			}
			return (l - 1) * s - 2L * c.padding().get(i) + (long) c.dilation().get(i) * (c.kernel().get(i) - 1) + c.outputPadding().get(i) + 1;
		}

		private @Nullable TensorShape merge(LayerKind kind, List<String> inputs, String p) {
			List<TensorShape> shapes = new ArrayList<>();
			for (String n : inputs) {
				TensorShape s = shapeOf(n, (TensorShape) null);
				if (n.equals(ModelDescription.INPUT)) {
					s = modelInputOrNull();
				}
				shapes.add(s);
			}
			TensorShape first = shapes.get(0);
			if (shapes.stream().anyMatch(s -> s == null)) {
				return kind == LayerKind.ADD ? shapes.stream().filter(s -> s != null).findFirst().orElse(TensorShape.unknown(0))
						: TensorShape.unknown(0);
			}
			if (kind == LayerKind.ADD) {
				for (int i = 1; i < shapes.size(); i++) {
					if (!shapes.get(i).compatibleWith(first)) {
						fail(p + "/inputs/" + i, "add needs inputs of the same shape: " + first + " vs " + shapes.get(i));
						return null;
					}
				}
				return first;
			}
			long channels = 0;
			for (int i = 0; i < shapes.size(); i++) {
				TensorShape s = shapes.get(i);
				if (s.rank() != first.rank() || !new TensorShape(s.spatial()).compatibleWith(new TensorShape(first.spatial()))) {
					fail(p + "/inputs/" + i, "concat joins along channels and needs the other axes equal: " + first + " vs " + s);
					return null;
				}
				channels = (channels < 0 || s.channels() < 0) ? TensorShape.UNKNOWN : channels + s.channels();
			}
			return first.withChannels(channels);
		}

		private @Nullable TensorShape modelInputOrNull() {
			JsonNode in = this.root.get("input");
			if (in == null || !in.isObject() || in.get("shape") == null || !in.get("shape").isArray()) {
				return null;
			}
			List<Long> d = new ArrayList<>();
			in.get("shape").forEach(n -> d.add(n.isIntegralNumber() ? n.asLong() : TensorShape.UNKNOWN));
			return new TensorShape(d);
		}

		private List<Layer> followingActivations(ModelDescription draft) {
			Map<String, List<Layer>> consumers = new HashMap<>();
			for (Layer l : draft.layers()) {
				for (String in : l.inputs()) {
					consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(l);
				}
			}
			List<Layer> result = new ArrayList<>();
			for (Layer l : draft.layers()) {
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

		private @Nullable InitDecl initDecl(@Nullable JsonNode node, String p) {
			if (node == null || node.isNull()) {
				return null;
			}
			if (node.isString()) {
				String t = node.stringValue().strip();
				if (t.isEmpty() || t.length() > limits.maxInitLength()) {
					fail(p, "an initializer call must be 1 to " + limits.maxInitLength() + " characters");
					return null;
				}
				return new InitDecl.CallText(t);
			}
			if (node.isObject()) {
				JsonNode cls = node.get("class_name");
				if (cls == null || !cls.isString() || cls.stringValue().isBlank() || cls.stringValue().length() > limits.maxNameLength()) {
					fail(p + "/class_name", "a serialized initializer needs a class_name string (Keras' {\"class_name\": …, \"config\": {…}})");
					return null;
				}
				Map<String, Object> config = new LinkedHashMap<>();
				JsonNode cfg = node.get("config");
				if (cfg != null && cfg.isObject()) {
					for (Map.Entry<String, JsonNode> e : cfg.properties()) {
						JsonNode v = e.getValue();
						if (v.isNumber()) {
							config.put(e.getKey(), v.asDouble());
						}
						else if (v.isString()) {
							config.put(e.getKey(), v.stringValue());
						}
						else if (v.isBoolean()) {
							config.put(e.getKey(), v.asBoolean());
						}
						else if (v.isNull()) {
							config.put(e.getKey(), null);
						}
					}
				}
				else if (cfg != null && !cfg.isNull()) {
					fail(p + "/config", "config must be an object");
					return null;
				}
				return new InitDecl.Serialized(cls.stringValue(), Collections.unmodifiableMap(config));
			}
			fail(p, "an initializer is a call string or a serialized Keras initializer object");
			return null;
		}

		private Map<String, InitDecl> inits(@Nullable JsonNode node, String p) {
			if (node == null || node.isNull()) {
				return Map.of();
			}
			if (!node.isObject()) {
				fail(p, "inits must map parameter names to initializers");
				return Map.of();
			}
			Map<String, InitDecl> m = new LinkedHashMap<>();
			for (Map.Entry<String, JsonNode> e : node.properties()) {
				InitDecl d = initDecl(e.getValue(), p + "/" + escape(e.getKey()));
				if (d != null) {
					m.put(e.getKey(), d);
				}
			}
			return Collections.unmodifiableMap(m);
		}

		private @Nullable Intent intent(@Nullable JsonNode node, String p) {
			if (node == null || node.isNull()) {
				return null;
			}
			if (!node.isObject()) {
				fail(p, "intent must be an object {scheme, mode, gain, std}");
				return null;
			}
			String schemeText = text(node, p, "scheme", false);
			Double std = positive(node.get("std"), p + "/std");
			Intent.Scheme scheme;
			if (schemeText == null) {
				if (std == null) {
					fail(p + "/scheme", "intent needs a scheme (he, xavier, lecun, fixed) or a std");
					return null;
				}
				scheme = Intent.Scheme.FIXED;
			}
			else {
				scheme = Intent.Scheme.fromName(schemeText);
				if (scheme == null) {
					fail(p + "/scheme", "scheme must be one of he, xavier, lecun, fixed. Received: " + abbreviate(schemeText));
					return null;
				}
			}
			FanMode mode = null;
			String modeText = text(node, p, "mode", false);
			if (modeText != null) {
				try {
					mode = FanMode.parse(modeText);
				}
				catch (IllegalArgumentException ex) {
					fail(p + "/mode", ex.getMessage());
				}
			}
			Double gain = positive(node.get("gain"), p + "/gain");
			if (scheme == Intent.Scheme.FIXED && std == null) {
				fail(p + "/std", "a fixed intent needs std");
				return null;
			}
			return new Intent(scheme, mode, gain, std);
		}

		private Map<String, MeasuredStats> measured(@Nullable JsonNode node, String p) {
			if (node == null || node.isNull()) {
				return Map.of();
			}
			if (!node.isObject()) {
				fail(p, "measured must be an object of statistics, or of parameter name → statistics");
				return Map.of();
			}
			if (node.has("std")) {
				MeasuredStats s = stats(node, p);
				return s == null ? Map.of() : Map.of(Layer.MAIN_PARAMETER, s);
			}
			Map<String, MeasuredStats> m = new LinkedHashMap<>();
			for (Map.Entry<String, JsonNode> e : node.properties()) {
				MeasuredStats s = stats(e.getValue(), p + "/" + escape(e.getKey()));
				if (s != null) {
					m.put(e.getKey(), s);
				}
			}
			return Collections.unmodifiableMap(m);
		}

		private @Nullable MeasuredStats stats(JsonNode node, String p) {
			if (!node.isObject()) {
				fail(p, "statistics must be an object {std, mean, min, max, count}");
				return null;
			}
			Double std = finite(node.get("std"), p + "/std", 0.0, 1e12);
			if (std == null) {
				fail(p + "/std", "std is required and must be a number >= 0");
				return null;
			}
			Double mean = finite(node.get("mean"), p + "/mean", -1e12, 1e12);
			Double min = finite(node.get("min"), p + "/min", -1e12, 1e12);
			Double max = finite(node.get("max"), p + "/max", -1e12, 1e12);
			Long count = node.get("count") == null || node.get("count").isNull() ? null : integer(node.get("count"), p + "/count", 0, Long.MAX_VALUE / 2);
			Double kurtosis = finite(node.get("kurtosis"), p + "/kurtosis", -3.0, 1e12);
			return new MeasuredStats(std, mean, min, max, count, kurtosis, recognition(node.get("recognition"), p + "/recognition"));
		}

		/** An importer's recognition, carried through the description into the report. */
		private MeasuredStats.@Nullable Recognition recognition(@Nullable JsonNode node, String p) {
			if (node == null || node.isNull()) {
				return null;
			}
			if (!node.isObject() || !node.path("init").isString() || !node.path("likelihood").isNumber()) {
				fail(p, "recognition must be an object {init, likelihood, sure, candidates}");
				return null;
			}
			List<MeasuredStats.Candidate> candidates = new ArrayList<>();
			for (JsonNode c : node.path("candidates")) {
				if (c.path("init").isString() && c.path("likelihood").isNumber() && candidates.size() < 16) {
					candidates.add(new MeasuredStats.Candidate(bounded(c.get("init").asString()), c.get("likelihood").asDouble()));
				}
			}
			return new MeasuredStats.Recognition(bounded(node.get("init").asString()), node.get("likelihood").asDouble(),
					node.path("sure").asBoolean(true), List.copyOf(candidates));
		}

		private Framework framework(JsonNode node, String p, Framework fallback) {
			JsonNode f = node.get("framework");
			if (f == null || f.isNull()) {
				return fallback;
			}
			Framework fw = f.isString() ? Framework.fromName(f.stringValue()) : null;
			if (fw == null) {
				fail(p + "/framework", "framework must be one of pytorch, keras, tensorflow, jax, flax, dl4j. Received: " + abbreviate(f.toString()));
				return fallback;
			}
			return fw;
		}

		private @Nullable String text(JsonNode node, String p, String field, boolean required) {
			JsonNode v = node.get(field);
			if (v == null || v.isNull()) {
				if (required) {
					fail(p + "/" + field, field + " is required");
				}
				return null;
			}
			if (!v.isString()) {
				fail(p + "/" + field, field + " must be a string");
				return null;
			}
			if (v.stringValue().length() > limits.maxInitLength()) {
				fail(p + "/" + field, field + " is too long");
				return null;
			}
			return v.stringValue();
		}

		private @Nullable Long integer(@Nullable JsonNode v, String p, long min, long max) {
			if (v == null || !v.isNumber() || !(v.isIntegralNumber() || v.asDouble() == Math.rint(v.asDouble()))) {
				fail(p, "must be an integer");
				return null;
			}
			double d = v.asDouble();
			if (d < min || d > max) {
				fail(p, "must be between " + min + " and " + max + ". Received: " + v);
				return null;
			}
			return v.isIntegralNumber() ? v.asLong() : (long) d;
		}

		private @Nullable Double finite(@Nullable JsonNode v, String p, double min, double max) {
			if (v == null || v.isNull()) {
				return null;
			}
			if (!v.isNumber() || !Double.isFinite(v.asDouble()) || v.asDouble() < min || v.asDouble() > max) {
				fail(p, "must be a number between " + min + " and " + max);
				return null;
			}
			return v.asDouble();
		}

		private @Nullable Double positive(@Nullable JsonNode v, String p) {
			if (v == null || v.isNull()) {
				return null;
			}
			Double d = finite(v, p, 0.0, 1e9);
			if (d != null && d <= 0.0) {
				fail(p, "must be > 0");
				return null;
			}
			return d;
		}

		private void noteUnknown(JsonNode node, String p, Set<String> used) {
			for (String key : node.propertyNames()) {
				if (!used.contains(key) && !IGNORED_FIELDS.contains(key) && this.notes.size() < 50) {
					this.notes.add(new Violation(p + "/" + escape(key), "unknown field '" + abbreviate(key) + "' was ignored"));
				}
			}
		}

		private @Nullable JsonNode firstPresent(JsonNode node, Set<String> used, String... names) {
			for (String n : names) {
				used.add(n);
			}
			for (String n : names) {
				if (node.has(n)) {
					return node.get(n);
				}
			}
			return null;
		}

		private void fail(String pointer, String detail) {
			if (this.violations.size() < limits.maxViolations()) {
				this.violations.add(new Violation(pointer, detail));
			}
		}

		/** Reads the fields of one layer object, remembering which names were used. */
		private final class Fields {

			private final JsonNode node;

			private final String pointer;

			private final Set<String> used;

			private boolean failed;

			Fields(JsonNode node, String pointer, Set<String> used) {
				this.node = node;
				this.pointer = pointer;
				this.used = used;
			}

			boolean has(String... names) {
				for (String n : names) {
					if (this.node.has(n) && !this.node.get(n).isNull()) {
						return true;
					}
				}
				return false;
			}

			String name(String... names) {
				for (String n : names) {
					if (this.node.has(n)) {
						return n;
					}
				}
				return names[0];
			}

			String usedName(String fallback) {
				for (String n : List.of("in_channels", "in_features", "input_dim", "input_size", "num_features", "normalized_shape", "num_channels",
						"dim")) {
					if (this.node.has(n)) {
						return n;
					}
				}
				return fallback;
			}

			void defaultIfMissing(String name) {
				this.used.add(name);
			}

			private @Nullable JsonNode get(String... names) {
				for (String n : names) {
					this.used.add(n);
				}
				for (String n : names) {
					JsonNode v = this.node.get(n);
					if (v != null && !v.isNull()) {
						return v;
					}
				}
				return null;
			}

			/** A positive size; {@value TensorShape#UNKNOWN} when absent and not required. */
			long size(boolean required, String... names) {
				JsonNode v = get(names);
				if (v == null) {
					if (required) {
						fail(this.pointer + "/" + names[0], names[0] + " is required for this layer type");
						this.failed = true;
					}
					return TensorShape.UNKNOWN;
				}
				Long l = integer(v, this.pointer + "/" + name(names), 1, limits.maxSize());
				if (l == null) {
					this.failed = true;
					return TensorShape.UNKNOWN;
				}
				return l;
			}

			/** A size given as an int or a list (LayerNorm's {@code normalized_shape}): the last entry. */
			long sizeOrLast(boolean required, String name) {
				JsonNode v = get(name);
				if (v != null && v.isArray()) {
					if (v.isEmpty()) {
						fail(this.pointer + "/" + name, name + " must not be empty");
						this.failed = true;
						return TensorShape.UNKNOWN;
					}
					Long l = integer(v.get(0), this.pointer + "/" + name + "/0", 1, limits.maxSize());
					return l == null ? TensorShape.UNKNOWN : l;
				}
				return size(required, name);
			}

			List<Integer> ints(String label, int rank, @Nullable Integer fallback, int min, int max, String... names) {
				JsonNode v = get(names);
				String p = this.pointer + "/" + name(names);
				if (v == null) {
					if (fallback == null) {
						if (!label.equals("stride")) {
							fail(p, label + " is required for this layer type");
							this.failed = true;
						}
						List<Integer> nulls = new ArrayList<>();
						for (int i = 0; i < rank; i++) {
							nulls.add(null);
						}
						return nulls;
					}
					return Collections.nCopies(rank, fallback);
				}
				if (v.isNumber()) {
					Long l = integer(v, p, min, max);
					if (l == null) {
						this.failed = true;
						return Collections.nCopies(rank, min);
					}
					return Collections.nCopies(rank, l.intValue());
				}
				if (v.isArray() && (v.size() == rank || v.size() == 1)) {
					List<Integer> out = new ArrayList<>();
					for (int i = 0; i < v.size(); i++) {
						Long l = integer(v.get(i), p + "/" + i, min, max);
						if (l == null) {
							this.failed = true;
							return Collections.nCopies(rank, min);
						}
						out.add(l.intValue());
					}
					return out.size() == rank ? out : Collections.nCopies(rank, out.get(0));
				}
				fail(p, label + " must be an integer or a list of " + rank + " integers");
				this.failed = true;
				return Collections.nCopies(rank, min);
			}

			@Nullable String paddingMode() {
				JsonNode v = get("padding");
				if (v != null && v.isString()) {
					String m = v.stringValue().toLowerCase(Locale.ROOT);
					if (!m.equals("same") && !m.equals("valid")) {
						fail(this.pointer + "/padding", "padding must be an integer, a list, 'same' or 'valid'");
						this.failed = true;
						return null;
					}
					return m;
				}
				return null;
			}

			boolean bool(boolean fallback, String... names) {
				JsonNode v = get(names);
				if (v == null) {
					return fallback;
				}
				if (!v.isBoolean()) {
					fail(this.pointer + "/" + name(names), name(names) + " must be true or false");
					this.failed = true;
					return fallback;
				}
				return v.asBoolean();
			}

			double number(double fallback, double min, double max, String... names) {
				JsonNode v = get(names);
				if (v == null) {
					return fallback;
				}
				Double d = finite(v, this.pointer + "/" + name(names), min, max);
				if (d == null) {
					this.failed = true;
					return fallback;
				}
				return d;
			}

			@Nullable String string(String name) {
				JsonNode v = get(name);
				if (v == null) {
					return null;
				}
				if (!v.isString()) {
					fail(this.pointer + "/" + name, name + " must be a string");
					this.failed = true;
					return null;
				}
				return v.stringValue();
			}

		}

	}

	private static long parameterCount(LayerKind kind, long in, long out, List<Integer> kernel, int groups, int dm, long vocabulary, int layers) {
		long k = 1;
		for (Integer v : kernel) {
			k *= v == null ? 1 : v;
		}
		double n = switch (kind) {
			case EMBEDDING -> (double) vocabulary * out;
			case LSTM, GRU -> 4.0 * out * (in + out) * layers * 2;
			case DEPTHWISE -> (double) in * dm * k;
			case SEPARABLE -> (double) in * dm * k + (double) in * dm * out;
			default -> (double) Math.max(in, 1) * Math.max(out, 1) * k / Math.max(groups, 1);
		};
		return n > Long.MAX_VALUE / 2 ? Long.MAX_VALUE / 2 : (long) n;
	}

	private static List<Integer> zeros(int rank) {
		return Collections.nCopies(rank, 0);
	}

	private static String knownTypes() {
		StringBuilder sb = new StringBuilder();
		for (LayerType t : LayerType.values()) {
			sb.append(sb.length() == 0 ? "" : ", ").append(t.jsonName());
		}
		return sb.toString();
	}

	/** RFC 6901: '~' → '~0', '/' → '~1'. */
	static String escape(String key) {
		return key.replace("~", "~0").replace("/", "~1");
	}

	private static String bounded(String s) {
		return s.length() > 400 ? s.substring(0, 397) + "..." : s;
	}

	private static String abbreviate(String s) {
		return s.length() > 60 ? s.substring(0, 57) + "..." : s;
	}

}
