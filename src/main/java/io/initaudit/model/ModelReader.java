package io.initaudit.model;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Reads a model description from its JSON tree: merges PyTorch and Keras spellings, checks every field, infers
 * shapes through the graph, and reports each problem with the JSON Pointer of the offending field.
 * <p>
 * One read is made of its parts: {@link JsonFields} (typed fields and the problems found), {@link LayerConfigs} (a
 * layer's sizes and options), {@link InitDeclarations} (its initializers, intent and measured statistics),
 * {@link LayerGraph} (inputs and the following activation) and {@link ShapeInference} (output shapes).
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

		private final JsonFields json = new JsonFields(ModelReader.this.limits);

		private final LayerConfigs configs = new LayerConfigs(this.json);

		private final InitDeclarations declarations = new InitDeclarations(this.json);

		Pass(JsonNode root) {
			this.root = root;
		}

		ModelDescription run() {
			if (!this.root.isObject()) {
				throw new InvalidModelException("", "The model description must be a JSON object");
			}
			Set<String> used = new HashSet<>(Set.of("name", "framework", "input", "layers", "inputShape", "input_shape"));
			String name = this.json.text(this.root, "", "name", false);
			if (name != null && !this.json.validName(name)) {
				this.json.fail("/name", "name must be 1 to " + limits.maxNameLength() + " characters without control characters");
			}
			Framework framework = this.json.framework(this.root, "", Framework.PYTORCH);
			TensorShape input = inputShape();
			JsonNode layerArray = this.root.get("layers");
			if (layerArray == null || !layerArray.isArray()) {
				this.json.fail("/layers", "layers is required and must be an array of layer objects");
				throw new InvalidModelException(this.json.violations());
			}
			if (layerArray.isEmpty()) {
				this.json.fail("/layers", "layers must hold at least one layer");
			}
			if (layerArray.size() > limits.maxLayers()) {
				this.json.fail("/layers", "at most " + limits.maxLayers() + " layers are accepted. Received: " + layerArray.size());
				throw new InvalidModelException(this.json.violations());
			}
			this.json.noteUnknown(this.root, "", used);
			LayerGraph graph = new LayerGraph(this.json, input);
			ShapeInference shapes = new ShapeInference(this.json, graph);
			String previous = ModelDescription.INPUT;
			for (int i = 0; i < layerArray.size(); i++) {
				Layer layer = layer(layerArray.get(i), i, framework, previous, graph, shapes);
				if (layer != null) {
					graph.layers.put(layer.name(), layer);
					previous = layer.name();
				}
				if (this.json.full()) {
					break;
				}
			}
			if (!this.json.violations().isEmpty()) {
				throw new InvalidModelException(this.json.violations());
			}
			return new ModelDescription(name == null ? "model" : name, framework, input, graph.followingActivations(), List.copyOf(this.json.notes()));
		}

		private @Nullable TensorShape inputShape() {
			JsonNode in = this.root.get("input");
			if (in == null || in.isNull()) {
				return null;
			}
			JsonNode shape = in.get("shape");
			if (!in.isObject() || shape == null || !shape.isArray() || shape.isEmpty() || shape.size() > 4) {
				this.json.fail("/input/shape", "input.shape must be an array of 1 to 4 positive integers: channels (or features), then the spatial sizes ([C, H, W], [C, L], [features])");
				return null;
			}
			long[] dims = new long[shape.size()];
			for (int i = 0; i < dims.length; i++) {
				Long v = this.json.integer(shape.get(i), "/input/shape/" + i, 1, limits.maxSize());
				dims[i] = v == null ? TensorShape.UNKNOWN : v;
			}
			TensorShape parsed = TensorShape.of(dims);
			if (parsed.elements() > limits.maxElements()) {
				this.json.fail("/input/shape", "input.shape holds more than " + limits.maxElements() + " values per sample");
				return null;
			}
			return parsed;
		}

		private @Nullable Layer layer(JsonNode node, int index, Framework modelFramework, String previous, LayerGraph graph, ShapeInference shapes) {
			String p = "/layers/" + index;
			if (!node.isObject()) {
				this.json.fail(p, "each layer must be a JSON object");
				return null;
			}
			Set<String> used = new HashSet<>(Set.of("name", "type", "framework", "inputs", "init", "bias_init", "inits", "intent", "measured"));
			String typeName = this.json.text(node, p, "type", true);
			if (typeName == null) {
				return null;
			}
			LayerType type = LayerType.fromName(typeName);
			if (type == null) {
				this.json.fail(p + "/type", "unknown layer type '" + JsonFields.abbreviate(typeName) + "'. Known types: " + knownTypes());
				return null;
			}
			String name = this.json.text(node, p, "name", false);
			if (name == null) {
				name = type.jsonName() + "_" + index;
			}
			else if (!this.json.validName(name) || name.startsWith("@")) {
				this.json.fail(p + "/name", "name must be 1 to " + limits.maxNameLength() + " characters without control characters and must not start with '@'");
				return null;
			}
			if (graph.layers.containsKey(name)) {
				this.json.fail(p + "/name", "duplicate layer name '" + name + "'");
				return null;
			}
			Framework framework = this.json.framework(node, p, modelFramework);
			List<String> inputs = graph.inputs(node, p, type, previous);
			if (inputs == null) {
				return null;
			}
			TensorShape inShape = graph.inputShapeOf(inputs, type);
			LayerConfig config = this.configs.read(type, new LayerFields(this.json, node, p, used), inShape, framework);
			if (config == null) {
				return null;
			}
			TensorShape outShape = shapes.outputShape(type, config, inShape, inputs, p);
			InitDecl init = this.declarations.initDecl(JsonFields.firstPresent(node, used, "init", "kernel_init", "kernel_initializer", "weight_init"), p + "/init");
			InitDecl biasInit = this.declarations.initDecl(JsonFields.firstPresent(node, used, "bias_init", "bias_initializer"), p + "/bias_init");
			Map<String, InitDecl> inits = this.declarations.inits(node.get("inits"), p + "/inits");
			Intent intent = this.declarations.intent(node.get("intent"), p + "/intent");
			Map<String, MeasuredStats> measured = this.declarations.measured(node.get("measured"), p + "/measured");
			this.json.noteUnknown(node, p, used);
			if (outShape == null) {
				return null;
			}
			if (outShape.elements() > limits.maxElements()) {
				this.json.fail(p, "the layer's output holds more than " + limits.maxElements() + " values per sample");
				return null;
			}
			return new Layer(index, name, type, framework, inputs, config, init, biasInit, inits, intent, measured,
					inShape == null ? TensorShape.unknown(0) : inShape, outShape, null, 0.0);
		}

	}

	private static String knownTypes() {
		StringBuilder sb = new StringBuilder();
		for (LayerType t : LayerType.values()) {
			sb.append(sb.length() == 0 ? "" : ", ").append(t.jsonName());
		}
		return sb.toString();
	}

}
