package io.initaudit.imports;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.initaudit.HttpIntegrationTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The Keras importer on real keras.applications models: src/test/python/realmodels/keras_models.py builds them with
 * Keras 3.15 from .ci/python (weights=None) and writes model.to_json(); each is audited over HTTP with
 * {@code source=keras}. Expected values come from Keras: the paths and shapes of the model's trainable weights, and
 * its layers' declared initializers (glorot_uniform by default; DepthwiseConv2D's fan_in counting every channel).
 * InceptionV3's BatchNorms have {@code scale=False}: no γ. ResNet50V2 starts with ZeroPadding2D, MobileNetV3 and
 * EfficientNet with Rescaling on an input of unknown size and hold squeeze-and-excite blocks
 * (GlobalAveragePooling2D(keepdims=True), Multiply, x + 3 in hard-swish); MobileNet's head reshapes to (1, 1, C).
 * ResNet50V2 pads inside its blocks (ZeroPadding2D), NASNet crops (Cropping2D). KerasIoTransformer is keras.io's
 * transformer block: MultiHeadAttention(num_heads=2, key_dim=embed_dim) with its biases.
 */
@TestPropertySource(properties = { "initaudit.trial.worker-enabled=false", "initaudit.rate-limit.enabled=false",
		"initaudit.http.max-body-bytes=8388608" })
class RealKerasModelsIntegrationTests extends HttpIntegrationTest {

	static final Path OUT = Path.of("target", "real-keras-models");

	@BeforeAll
	static void export() throws Exception {
		RealModels.export("keras_models.py", OUT, "real-keras-models.log", ALL);
	}

	/** One of each keras.applications family (the list); EfficientNet B1–B7 differ from B0 only in width and depth. */
	static final String[] ALL = { "ResNet50", "DenseNet121", "MobileNetV2", "InceptionV3", "ResNet50V2", "MobileNetV3Small", "MobileNetV3Large",
			"EfficientNetB0", "EfficientNetV2B0", "MobileNet", "Xception", "InceptionResNetV2", "NASNetMobile", "VGG16", "ConvNeXtTiny", "KerasIoTransformer" };

	private JsonNode audit(String model) throws Exception {
		var r = post("/api/v1/audits?source=keras&store=false", Files.readString(OUT.resolve(model + ".keras.json")));
		assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
		return json(r);
	}

	private static Map<String, JsonNode> parameters(JsonNode report) {
		return RealModels.parameters(report);
	}

	private static List<String> errors(JsonNode report) {
		return RealModels.findings(report, "error");
	}

	@ParameterizedTest
	@ValueSource(strings = { "ResNet50", "DenseNet121", "MobileNetV2", "InceptionV3", "ResNet50V2", "MobileNetV3Small", "MobileNetV3Large",
			"EfficientNetB0", "EfficientNetV2B0", "MobileNet", "Xception", "InceptionResNetV2", "NASNetMobile", "VGG16", "KerasIoTransformer" })
	void everyTrainableWeightIsAuditedAtItsShape(String model) throws Exception {
		Map<String, JsonNode> audited = parameters(audit(model));
		JsonNode keras = JSON.readTree(Files.readString(OUT.resolve(model + ".params.json")));
		assertThat(audited.keySet()).containsExactlyInAnyOrderElementsOf(keras.propertyNames());
		keras.properties().forEach(e -> assertThat(audited.get(e.getKey()).get("shape").toString()).as(e.getKey()).isEqualTo(e.getValue().toString()));
	}

	@ParameterizedTest
	@ValueSource(strings = { "ResNet50", "DenseNet121", "MobileNetV2", "InceptionV3", "ResNet50V2", "MobileNetV3Small", "MobileNetV3Large",
			"EfficientNetB0", "EfficientNetV2B0", "MobileNet", "Xception", "InceptionResNetV2", "NASNetMobile", "VGG16", "ConvNeXtTiny",
			"KerasIoTransformer" })
	void declaredStdsAgreeWithTheBuiltWeights(String model) throws Exception {
		// Expected: the std of each weight as Keras built it (keras_models.py, np.std over every value). The std of n
		// values drawn from a law of excess kurtosis κ has a relative standard error √((κ + 2) / 4n), at most 1/√(2n) for
		// the normal, truncated normal and uniform laws Keras initializers draw from: 6 of those, and 1e-6 for constants.
		Map<String, JsonNode> audited = parameters(audit(model));
		JsonNode keras = JSON.readTree(Files.readString(OUT.resolve(model + ".stds.json")));
		int compared = 0;
		for (Map.Entry<String, JsonNode> e : keras.properties()) {
			JsonNode p = audited.get(e.getKey());
			if (p == null) {
				continue; // ConvNeXt's LayerScale weights, which Keras leaves unnamed (compared by shape above)
			}
			double built = e.getValue().get("std").asDouble();
			double n = e.getValue().get("count").asDouble();
			assertThat(p.at("/declared/std").asDouble()).as(e.getKey()).isCloseTo(built, within(6 * built / Math.sqrt(2 * n) + 1e-6));
			compared++;
		}
		assertThat(compared).isGreaterThanOrEqualTo(model.equals("ConvNeXtTiny") ? keras.size() - 18 : keras.size());
	}

	@Test
	void aTransformerBlockWithKeyDimEqualToItsWidthPropagates() throws Exception {
		// keras.io's block: MultiHeadAttention(num_heads=2, key_dim=32) on 32 features, so each head projects to 32 and the
		// output kernel reads 2·32 = 64 values (shapes above, from Keras). Propagation runs the real shapes end to end.
		var r = post("/api/v1/propagation?source=keras", "{\"model\": " + Files.readString(OUT.resolve("KerasIoTransformer.keras.json"))
				+ ", \"batchSize\": 2, \"seed\": 1}");
		assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
		JsonNode attention = null;
		for (JsonNode l : json(r).get("layers")) {
			attention = l.get("name").asString().equals("attention") ? l : attention;
		}
		assertThat(attention).isNotNull();
		assertThat(attention.at("/declared/activationVariance").asDouble()).isPositive();
		assertThat(attention.at("/declared/gradientNorm").asDouble()).isPositive();
	}

	@Test
	void aProblemPointsIntoTheUsersDocumentAndNamesTheirLayer() throws Exception {
		// design/api.md §6: not into the generated description. One conv of the real document made impossible.
		ObjectNode doc = (ObjectNode) JSON.readTree(Files.readString(OUT.resolve("ResNet50.keras.json")));
		ArrayNode layers = (ArrayNode) doc.get("config").get("layers");
		int index = -1;
		for (int i = 0; i < layers.size(); i++) {
			if (layers.get(i).path("name").asString().equals("conv2_block1_1_conv")) {
				index = i;
			}
		}
		((ObjectNode) layers.get(index).get("config")).put("filters", 0);
		var r = post("/api/v1/audits?source=keras&store=false", doc.toString());
		assertThat(r.statusCode()).isEqualTo(400);
		JsonNode problem = json(r);
		assertThat(problem.get("pointer").asString()).isEqualTo("/config/layers/" + index);
		assertThat(problem.get("layer").asString()).isEqualTo("conv2_block1_1_conv");
		assertThat(problem.at("/errors/0/detail").asString()).startsWith("conv2_block1_1_conv: ");
		// In a larger request the same problem is under /model, still naming the layer.
		JsonNode nested = json(post("/api/v1/propagation?source=keras", "{\"model\": " + doc + "}"));
		assertThat(nested.get("pointer").asString()).isEqualTo("/model/config/layers/" + index);
		assertThat(nested.get("layer").asString()).isEqualTo("conv2_block1_1_conv");
	}

	@Test
	void aNestedModelIsReadInPlaceWithItsWeights() throws Exception {
		// ConvNeXtTiny's stem is a Sequential (Conv2D 4×4/4 + LayerNormalization) inside the Functional model; its blocks
		// end in convnext.LayerScale, whose weight Keras leaves unnamed ("variable_N"): compared by shape.
		Map<String, JsonNode> audited = parameters(audit("ConvNeXtTiny"));
		JsonNode keras = JSON.readTree(Files.readString(OUT.resolve("ConvNeXtTiny.params.json")));
		assertThat(audited).containsKeys("convnext_tiny_stem/convnext_tiny_stem_conv.kernel", "convnext_tiny_stem/convnext_tiny_stem_layernorm.gamma");
		assertThat(audited.get("convnext_tiny_stem/convnext_tiny_stem_conv.kernel").get("shape").toString()).isEqualTo("[4,4,3,96]");
		List<String> ours = new ArrayList<>(audited.values().stream().map(p -> p.get("shape").toString()).sorted().toList());
		List<String> theirs = new ArrayList<>(keras.properties().stream().map(e -> e.getValue().toString()).sorted().toList());
		assertThat(ours).isEqualTo(theirs);
		assertThat(audited.keySet().stream().filter(k -> k.endsWith("_layer_scale.gamma"))).hasSize(18);
	}

	@ParameterizedTest
	@ValueSource(strings = { "ResNet50", "DenseNet121", "ResNet50V2" })
	void convolutionsABatchNormFollowsAreRatedByTheirEffectiveLearningRate(String model) throws Exception {
		// glorot_uniform before BatchNorm → ReLU: the norm restores the forward scale; the std 1/√2 to 1/√5 of He's
		// is a learning rate ×2 to ×5 for that conv, a warning at most, not an error.
		JsonNode report = audit(model);
		assertThat(errors(report)).isEmpty();
		JsonNode conv = parameters(report).get(model.startsWith("ResNet50") ? "conv2_block1_2_conv.kernel" : "conv2_block1_1_conv.kernel");
		assertThat(conv.get("findings").toString()).contains("DEFAULT_INIT_NOT_HE", "effectiveLearningRateFactor");
	}

	@Test
	void kerasDepthwiseFanInStillFailsMobileNetV2() throws Exception {
		// Keras' DepthwiseConv2D kernel [3, 3, C, 1]: compute_fans reads fan_in = 9·C, not 9, so glorot_uniform's std
		// is about 1/√C too small: a learning rate ×C behind the BatchNorm, an error from C = 25.
		List<String> errors = errors(audit("MobileNetV2"));
		assertThat(errors).contains("block_1_depthwise.kernel FAN_IN_IGNORES_DEPTHWISE");
		assertThat(errors).allMatch(e -> e.endsWith("FAN_IN_IGNORES_DEPTHWISE"));
	}

}
