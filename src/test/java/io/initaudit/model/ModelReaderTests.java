package io.initaudit.model;

import io.initaudit.core.Activation;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ModelReaderTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	static ModelDescription read(String json) {
		return new ModelReader().read(JSON.readTree(json));
	}

	static InvalidModelException rejected(String json) {
		return Assertions.catchThrowableOfType(InvalidModelException.class, () -> read(json));
	}

	@Test
	void infersShapesThroughTheGraph() {
		ModelDescription m = read("""
				{"framework": "keras", "input": {"shape": [3, 32, 32]}, "layers": [
				  {"name": "c", "type": "conv2d", "filters": 16, "kernel_size": 3, "strides": 2, "padding": "same"},
				  {"name": "dw", "type": "depthwise_conv2d", "kernel_size": [3, 3], "depth_multiplier": 2, "padding": "valid"},
				  {"name": "p", "type": "max_pool2d", "kernel_size": 2},
				  {"name": "g", "type": "global_avg_pool"},
				  {"name": "d", "type": "linear", "units": 10}]}""");
		assertThat(m.layer("c").orElseThrow().outputShape()).isEqualTo(TensorShape.of(16, 16, 16));
		Layer dw = m.layer("dw").orElseThrow();
		assertThat(dw.config().in()).isEqualTo(16);
		assertThat(dw.outputShape()).isEqualTo(TensorShape.of(32, 14, 14));
		assertThat(m.layer("p").orElseThrow().outputShape()).isEqualTo(TensorShape.of(32, 7, 7));
		assertThat(m.layer("d").orElseThrow().config().in()).isEqualTo(32);
	}

	@Test
	void residualAddAndConcatMergeShapes() {
		ModelDescription m = read("""
				{"input": {"shape": [8, 10, 10]}, "layers": [
				  {"name": "a", "type": "conv2d", "out_channels": 8, "kernel_size": 3, "padding": 1},
				  {"name": "sum", "type": "add", "inputs": ["a", "@input"]},
				  {"name": "cat", "type": "concat", "inputs": ["sum", "a"]},
				  {"name": "b", "type": "conv2d", "out_channels": 4, "kernel_size": 1}]}""");
		assertThat(m.layer("cat").orElseThrow().outputShape()).isEqualTo(TensorShape.of(16, 10, 10));
		assertThat(m.layer("b").orElseThrow().config().in()).isEqualTo(16);
	}

	@Test
	void zeroPaddingGrowsAndNegativePaddingCropsEachSide() {
		// ResNet50V2's ZeroPadding2D((1, 1)) before a 3×3 valid conv, NASNet's Cropping2D(((1, 0), (1, 0))).
		ModelDescription m = read("""
				{"input": {"shape": [8, 10, 10]}, "layers": [
				  {"name": "pad", "type": "zero_pad2d", "padding": 1},
				  {"name": "c", "type": "conv2d", "out_channels": 8, "kernel_size": 3},
				  {"name": "sum", "type": "add", "inputs": ["c", "@input"]},
				  {"name": "crop", "type": "zero_pad2d", "padding": [[-1, 0], [-1, 0]]}]}""");
		assertThat(m.layer("pad").orElseThrow().outputShape()).isEqualTo(TensorShape.of(8, 12, 12));
		assertThat(m.layer("sum").orElseThrow().outputShape()).isEqualTo(TensorShape.of(8, 10, 10));
		assertThat(m.layer("crop").orElseThrow().outputShape()).isEqualTo(TensorShape.of(8, 9, 9));
		assertThat(read("""
				{"input": {"shape": [4, 10]}, "layers": [{"name": "p", "type": "zero_pad1d", "padding": [[0, 2]]}]}""").layer("p").orElseThrow()
			.outputShape()).isEqualTo(TensorShape.of(4, 12));
		assertThat(rejected("""
				{"input": {"shape": [8, 2, 2]}, "layers": [{"type": "zero_pad2d", "padding": -1}]}""").violations())
			.anySatisfy(v -> assertThat(v.pointer()).isEqualTo("/layers/0/padding"));
		assertThat(rejected("""
				{"input": {"shape": [8, 4]}, "layers": [{"type": "zero_pad2d", "padding": 1}]}""").violations())
			.anySatisfy(v -> assertThat(v.detail()).contains("2 spatial axes besides its channels; its input is 8 channels × 4"));
	}

	@Test
	void anOpaqueLayerPassesItsChannelsOnAndForgetsTheSpatialSizes() {
		ModelDescription m = read("""
				{"input": {"shape": [8, 10, 10]}, "layers": [
				  {"name": "up", "type": "opaque"},
				  {"name": "c", "type": "conv2d", "out_channels": 4, "kernel_size": 3},
				  {"name": "skip", "type": "conv2d", "inputs": "@input", "out_channels": 4, "kernel_size": 1},
				  {"name": "sum", "type": "add", "inputs": ["c", "skip"]}]}""");
		assertThat(m.layer("up").orElseThrow().outputShape()).isEqualTo(TensorShape.of(8, -1, -1));
		assertThat(m.layer("c").orElseThrow().config().in()).isEqualTo(8);
		assertThat(m.layer("sum").orElseThrow().outputShape().channels()).isEqualTo(4);
	}

	@Test
	void attentionReadsKerasHeadSizesAndTorchInputSizes() {
		// keras.layers.MultiHeadAttention(num_heads=2, key_dim=64, value_dim=16, output_shape=32) on 64 features
		Layer keras = read("""
				{"framework": "keras", "input": {"shape": [64, 10]}, "layers": [
				  {"name": "mha", "type": "multihead_attention", "embed_dim": 64, "num_heads": 2, "key_dim": 64, "value_dim": 16,
				   "output_dim": 32}]}""").layer("mha").orElseThrow();
		assertThat(keras.config()).extracting(LayerConfig::in, LayerConfig::keyDim, LayerConfig::valueDim, LayerConfig::out)
			.containsExactly(64L, 64L, 16L, 32L);
		assertThat(keras.outputShape()).isEqualTo(TensorShape.of(32, 10));
		Layer torch = read("""
				{"layers": [{"name": "mha", "type": "multihead_attention", "embed_dim": 64, "num_heads": 4, "kdim": 24}]}""")
			.layer("mha").orElseThrow();
		assertThat(torch.config()).extracting(LayerConfig::keyDim, LayerConfig::valueDim, LayerConfig::keyInput, LayerConfig::valueInput)
			.containsExactly(16L, 16L, 24L, 64L); // torch: vdim defaults to embed_dim, not kdim
		assertThat(rejected("""
				{"layers": [{"type": "multihead_attention", "embed_dim": 64, "num_heads": 2, "key_dim": 64}]}""").violations())
			.anySatisfy(v -> assertThat(v.pointer()).isEqualTo("/layers/0/key_dim"));
	}

	@Test
	void findsTheActivationThatReallyFollows() {
		ModelDescription m = read("""
				{"layers": [
				  {"name": "c", "type": "conv2d", "in_channels": 3, "out_channels": 8, "kernel_size": 3},
				  {"name": "bn", "type": "batch_norm"}, {"name": "act", "type": "leaky_relu", "negative_slope": 0.2}]}""");
		Layer c = m.layer("c").orElseThrow();
		assertThat(c.following()).isEqualTo(Activation.LEAKY_RELU);
		assertThat(c.followingParam()).isEqualTo(0.2);
	}

	@ParameterizedTest(name = "{0} → {1}")
	@CsvSource(delimiter = '|', value = {
			"{\"layers\": [{\"type\": \"conv9d\"}]}|/layers/0/type|unknown layer type",
			"{\"framework\": \"caffe\", \"layers\": [{\"type\": \"relu\"}]}|/framework|framework must be one of",
			"{\"layers\": [{\"type\": \"linear\", \"in_features\": 0, \"out_features\": 3}]}|/layers/0/in_features|between 1 and",
			"{\"layers\": [{\"type\": \"linear\", \"in_features\": -4, \"out_features\": 3}]}|/layers/0/in_features|between 1 and",
			"{\"layers\": [{\"type\": \"linear\", \"in_features\": 2.5, \"out_features\": 3}]}|/layers/0/in_features|integer",
			"{\"layers\": [{\"type\": \"linear\", \"in_features\": \"8\", \"out_features\": 3}]}|/layers/0/in_features|integer",
			"{\"layers\": [{\"type\": \"linear\", \"in_features\": 1e30, \"out_features\": 3}]}|/layers/0/in_features|between 1 and",
			"{\"layers\": [{\"type\": \"conv2d\", \"in_channels\": 6, \"out_channels\": 8, \"kernel_size\": 3, \"groups\": 4}]}|/layers/0/groups|does not divide",
			"{\"layers\": [{\"type\": \"conv2d\", \"in_channels\": 8, \"out_channels\": 6, \"kernel_size\": 3, \"groups\": 4}]}|/layers/0/groups|does not divide",
			"{\"layers\": [{\"type\": \"conv2d\", \"in_channels\": 8, \"out_channels\": 6}]}|/layers/0/kernel_size|required",
			"{\"layers\": [{\"type\": \"conv2d\", \"in_channels\": 8, \"out_channels\": 6, \"kernel_size\": [3, 3, 3]}]}|/layers/0/kernel_size|list of 2",
			"{\"layers\": [{\"name\": \"a\", \"type\": \"relu\", \"inputs\": [\"b\"]}, {\"name\": \"b\", \"type\": \"relu\"}]}|/layers/0/inputs/0|topological order",
			"{\"layers\": [{\"name\": \"a\", \"type\": \"relu\", \"inputs\": [\"a\"]}]}|/layers/0/inputs/0|cycles",
			"{\"layers\": [{\"name\": \"a\", \"type\": \"relu\", \"inputs\": [\"nowhere\"]}]}|/layers/0/inputs/0|not a layer",
			"{\"layers\": [{\"name\": \"a\", \"type\": \"relu\"}, {\"name\": \"a\", \"type\": \"relu\"}]}|/layers/1/name|duplicate",
			"{\"layers\": [{\"name\": \"a\", \"type\": \"add\", \"inputs\": [\"@input\"]}]}|/layers/0/inputs|at least two",
			"{\"layers\": []}|/layers|at least one",
			"{\"layers\": {}}|/layers|must be an array",
			"{\"layers\": [{\"type\": \"linear\", \"out_features\": 3}]}|/layers/0/in_features|cannot be inferred",
			"{\"input\": {\"shape\": [3, 8, 8]}, \"layers\": [{\"type\": \"linear\", \"in_features\": 4, \"out_features\": 3}]}|/layers/0/in_features|input of this layer has 3",
			"{\"input\": {\"shape\": [3, 2, 2]}, \"layers\": [{\"type\": \"conv2d\", \"out_channels\": 3, \"kernel_size\": 5}]}|/layers/0/kernel_size|does not fit",
			"{\"input\": {\"shape\": [3, 0]}, \"layers\": [{\"type\": \"relu\"}]}|/input/shape/1|between 1 and",
			"{\"layers\": [{\"type\": \"linear\", \"in_features\": 4, \"out_features\": 3, \"init\": 42}]}|/layers/0/init|call string",
			"{\"layers\": [{\"type\": \"linear\", \"in_features\": 4, \"out_features\": 3, \"intent\": {\"scheme\": \"magic\"}}]}|/layers/0/intent/scheme|scheme must be",
			"{\"layers\": [{\"type\": \"linear\", \"in_features\": 4, \"out_features\": 3, \"intent\": {\"scheme\": \"fixed\"}}]}|/layers/0/intent/std|needs std",
			"{\"layers\": [{\"type\": \"linear\", \"in_features\": 4, \"out_features\": 3, \"measured\": {\"std\": -1}}]}|/layers/0/measured/std|number between",
			"{\"layers\": [{\"type\": \"conv2d\", \"in_channels\": 4, \"out_channels\": 4, \"kernel_size\": 3, \"groups\": 2}], \"framework\": \"dl4j\"}|/layers/0/groups|DL4J",
			"[1, 2]|''|JSON object" })
	void rejectsWithAPointerToTheField(String body, String pointer, String message) {
		InvalidModelException ex = rejected(body);
		assertThat(ex).as("rejected: " + body).isNotNull();
		String expected = pointer.equals("''") ? "" : pointer;
		assertThat(ex.violations()).anySatisfy(v -> {
			assertThat(v.pointer()).isEqualTo(expected);
			assertThat(v.detail()).contains(message);
		});
	}

	@Test
	void reportsEveryViolationAtOnce() {
		InvalidModelException ex = rejected("""
				{"layers": [{"type": "conv9d"}, {"type": "linear", "in_features": 0, "out_features": 2}, {"type": "nope"}]}""");
		assertThat(ex.violations()).extracting(Violation::pointer).containsExactly("/layers/0/type", "/layers/1/in_features", "/layers/2/type");
	}

	@Test
	void boundsTheNumberOfLayers() {
		ModelReader small = new ModelReader(new ModelReader.Limits(3, 1 << 20, 64, 100, 50, 10, 1L << 30));
		assertThatExceptionOfType(InvalidModelException.class)
			.isThrownBy(() -> small.read(JSON.readTree("{\"layers\": [{\"type\": \"relu\"}, {\"type\": \"relu\"}, {\"type\": \"relu\"}, {\"type\": \"relu\"}]}")))
			.withMessageContaining("at most 3 layers");
	}

	@Test
	void notesUnknownFieldsInsteadOfFailing() {
		ModelDescription m = read("{\"layers\": [{\"type\": \"linear\", \"in_features\": 4, \"out_features\": 3, \"gruops\": 2}]}");
		assertThat(m.notes()).extracting(Violation::pointer).containsExactly("/layers/0/gruops");
	}

	@Test
	void acceptsKerasSpellings() {
		ModelDescription m = read("""
				{"framework": "keras", "layers": [{"type": "conv1d", "input_dim": 5, "in_channels": 5, "filters": 7, "kernel_size": 3,
				  "strides": 1, "dilation_rate": 2, "use_bias": false, "kernel_initializer": "he_normal"}]}""");
		Layer l = m.layers().get(0);
		assertThat(l.config().out()).isEqualTo(7);
		assertThat(l.config().dilation()).containsExactly(2);
		assertThat(l.config().bias()).isFalse();
		assertThat(l.init()).isEqualTo(new InitDecl.CallText("he_normal"));
	}

}
