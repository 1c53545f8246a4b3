package io.initaudit.measure;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.initaudit.ApiIntegrationTests;
import io.initaudit.HttpIntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Signal propagation and sampling over real HTTP, on ND4J.
 */
class PropagationIntegrationTests extends HttpIntegrationTest {

	static String mlp(int depth) {
		List<Map<String, Object>> layers = new ArrayList<>();
		for (int i = 0; i < depth; i++) {
			layers.add(Map.of("name", "fc" + i, "type", "linear", "in_features", 256, "out_features", 256, "activation", "relu"));
		}
		return JSON.writeValueAsString(Map.of("model", Map.of("name", "mlp", "framework", "pytorch", "input", Map.of("shape", List.of(256)), "layers", layers),
				"batchSize", 32, "seed", 3));
	}

	@Test
	void twelveLayerReluMlpAtPytorchDefaultCollapsesAndHeDoesNot() {
		HttpResponse<String> r = post("/api/v1/propagation", mlp(12));
		assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
		JsonNode body = json(r);
		JsonNode layers = body.get("layers");
		assertThat(layers).hasSize(12);
		double firstDeclared = layers.get(0).at("/declared/activationVariance").asDouble();
		double lastDeclared = layers.get(11).at("/declared/activationVariance").asDouble();
		// PyTorch's default multiplies the variance by fan_in·1/(3·fan_in)·E[relu²] = 1/6 per layer until the bias floor
		// (U(±1/16), variance 1/768 = 0.0013): orders of magnitude below the input's 1.
		assertThat(lastDeclared).isLessThan(0.01);
		assertThat(firstDeclared / lastDeclared).isGreaterThan(50);
		// He keeps it within a small factor: the variance of ReLU'd He layers stays near 1 (after the first, ≈2·½).
		for (JsonNode l : layers) {
			assertThat(l.at("/corrected/activationVariance").asDouble()).isBetween(0.3, 5.0);
		}
		assertThat(body.findValues("code").toString()).contains("ACTIVATION_VARIANCE_VANISHES");
		assertThat(body.get("findings").toString()).doesNotContain("\"variant\":\"corrected\"");
		assertThat(body.get("device").asString()).startsWith("cpu");
		assertThat(layers.get(0).at("/declared/gradientNorm").asDouble()).isPositive();
	}

	@Test
	void convNextDepthwiseBugIsVisibleInTheSignal() {
		String model = """
				{"model": {"name": "convnext-small", "framework": "pytorch", "input": {"shape": [32, 14, 14]}, "layers": [
				  {"name": "dw", "type": "conv2d", "in_channels": 32, "out_channels": 32, "kernel_size": 7, "padding": 3, "groups": 32,
				   "init": "torch.nn.init.kaiming_normal_(w, mode='fan_out', nonlinearity='relu')"},
				  {"name": "norm", "type": "layer_norm"},
				  {"name": "pw1", "type": "linear", "out_features": 128, "activation": "gelu", "init": "timm.layers.trunc_normal_(w, std=.02)"},
				  {"name": "pw2", "type": "linear", "out_features": 32, "init": "timm.layers.trunc_normal_(w, std=.02)"},
				  {"name": "gamma", "type": "layer_scale", "init_value": 1e-6},
				  {"name": "res", "type": "add", "inputs": ["gamma", "@input"]}]}, "batchSize": 4, "seed": 1}""";
		HttpResponse<String> r = post("/api/v1/propagation", model);
		assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
		JsonNode dw = json(r).get("layers").get(0);
		// fan_out counted all 32 channels: std ×1/√32, so the depthwise output variance is ≈32× below the corrected one.
		double ratio = dw.at("/corrected/activationVariance").asDouble() / dw.at("/declared/activationVariance").asDouble();
		assertThat(ratio).isBetween(16.0, 64.0);
		// The layer scale of 1e-6 keeps the residual stream at the input's variance with both inits.
		assertThat(json(r).get("layers").get(5).at("/declared/activationVariance").asDouble()).isCloseTo(1.0, within(0.1));
	}

	@Test
	void conv3dStacksKeepTheVarianceTheMathPredicts() {
		// Four 3×3×3 convs on 32 channels (fan_in 864), zero bias, each followed by ReLU. Declared: PyTorch's default
		// kaiming_uniform_(a=√5), weight variance 1/(3·fan_in), so each conv+ReLU multiplies the second moment by
		// fan_in·1/(3·fan_in)·½ = 1/6. Corrected (He, fan_in): the second moment is kept.
		StringBuilder layers = new StringBuilder();
		for (int i = 0; i < 4; i++) {
			layers.append(i == 0 ? "" : ",").append("""
					{"name": "c%d", "type": "conv3d", "in_channels": 32, "out_channels": 32, "kernel_size": 3, "padding": 1,
					 "bias_init": "zeros_"}, {"name": "r%d", "type": "relu"}""".formatted(i, i));
		}
		String body = "{\"model\": {\"name\": \"c3d\", \"framework\": \"pytorch\", \"input\": {\"shape\": [32, 8, 16, 16]}, \"layers\": ["
				+ layers + "]}, \"batchSize\": 2, \"seed\": 3}";
		HttpResponse<String> r = post("/api/v1/propagation", body);
		assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
		JsonNode out = json(r).get("layers");
		assertThat(out).hasSize(8);
		double declared = out.get(7).at("/declared/activationVariance").asDouble() / out.get(1).at("/declared/activationVariance").asDouble();
		double corrected = out.get(7).at("/corrected/activationVariance").asDouble() / out.get(1).at("/corrected/activationVariance").asDouble();
		// Three more stages: (1/6)³ = 0.0046 for the default, 1 for He. Zero padding lowers both (half the voxels touch a
		// border) and 32 channels of one weight draw move each stage by ±20%: seeds 1–3 gave 0.0027–0.0044 and 0.58–0.96.
		// Bounds: ×¼ to ×1.5 of the prediction, and 0.4–1.5.
		assertThat(declared).isBetween(0.0046 / 4, 0.0046 * 1.5);
		assertThat(corrected).isBetween(0.4, 1.5);
		assertThat(out.get(0).at("/corrected/gradientNorm").asDouble()).isPositive();
	}

	@Test
	void convTranspose1dInEveryLayoutGivesTheVarianceOfItsTaps() {
		// 16 → 16 channels, kernel 4, stride 2 on 32 steps of unit-variance noise, weights N(0, 0.1²), zero bias: every
		// output position sums k/stride = 2 taps per input channel, 16·2·0.01 = 0.32 (the two end positions get one tap:
		// 0.315 over all 64). Tolerance ±15%: 1,024 sampled weights and 4·16·64 outputs.
		Map<String, String[]> spellings = Map.of(
				"pytorch", new String[] { "torch.nn.init.normal_(w, std=0.1)", "torch.nn.init.zeros_(b)", "1" },
				"keras", new String[] { "keras.initializers.RandomNormal(stddev=0.1)", "zeros", "\"same\"" },
				"jax", new String[] { "jax.nn.initializers.normal(stddev=0.1)", "zeros", "\"same\"" });
		for (var e : spellings.entrySet()) {
			String body = """
					{"model": {"name": "up", "framework": "%s", "input": {"shape": [16, 32]}, "layers": [
					  {"name": "up", "type": "conv_transpose1d", "in_channels": 16, "out_channels": 16, "kernel_size": 4, "stride": 2,
					   "padding": %s, "init": "%s", "bias_init": "%s"}]}, "batchSize": 4, "seed": 5}"""
				.formatted(e.getKey(), e.getValue()[2], e.getValue()[0], e.getValue()[1]);
			HttpResponse<String> r = post("/api/v1/propagation", body);
			assertThat(r.statusCode()).as(e.getKey() + ": " + r.body()).isEqualTo(200);
			assertThat(json(r).at("/layers/0/declared/activationVariance").asDouble()).as(e.getKey()).isCloseTo(0.315, within(0.315 * 0.15));
		}
	}

	@Test
	void convTranspose3dWithStrideEqualToKernelGivesOneTapPerChannel() {
		// 8 → 8 channels, kernel 2, stride 2: every output voxel gets exactly one tap per input channel, so with weights
		// N(0, 0.1²) and unit-variance input its variance is 8·0.01 = 0.08. Tolerance ±20%: 512 sampled weights.
		for (String[] fw : new String[][] { { "pytorch", "torch.nn.init.normal_(w, std=0.1)", "torch.nn.init.zeros_(b)" },
				{ "keras", "keras.initializers.RandomNormal(stddev=0.1)", "zeros" }, { "flax", "jax.nn.initializers.normal(stddev=0.1)", "zeros" } }) {
			String body = """
					{"model": {"name": "up3", "framework": "%s", "input": {"shape": [8, 4, 6, 6]}, "layers": [
					  {"name": "up", "type": "conv_transpose3d", "in_channels": 8, "out_channels": 8, "kernel_size": 2, "stride": 2,
					   "init": "%s", "bias_init": "%s"}]}, "batchSize": 2, "seed": 9}""".formatted(fw[0], fw[1], fw[2]);
			HttpResponse<String> r = post("/api/v1/propagation", body);
			assertThat(r.statusCode()).as(fw[0] + ": " + r.body()).isEqualTo(200);
			assertThat(json(r).at("/layers/0/declared/activationVariance").asDouble()).as(fw[0]).isCloseTo(0.08, within(0.08 * 0.2));
		}
	}

	@Test
	void zeroPaddingDilutesTheVarianceByItsZerosAndCroppingKeepsIt() {
		// Unit-variance noise on 16×16: padded by 2 on every side, 256 of 400 values are noise, second moment 0.64; a
		// crop of one row and column keeps 1. Tolerance ±10%: 2·8·256 values.
		JsonNode out = json(post("/api/v1/propagation", """
				{"model": {"input": {"shape": [8, 16, 16]}, "layers": [
				  {"name": "pad", "type": "zero_pad2d", "padding": 2},
				  {"name": "crop", "type": "zero_pad2d", "inputs": "@input", "padding": [[-1, 0], [0, -1]]}]}, "batchSize": 2, "seed": 4}"""));
		assertThat(out.at("/layers/0/declared/activationVariance").asDouble()).isCloseTo(0.64, within(0.064));
		assertThat(out.at("/layers/1/declared/activationVariance").asDouble()).isCloseTo(1.0, within(0.1));
		// No weights at all, and still a gradient at every output (the last layer's is the loss's).
		assertThat(out.at("/layers/1/declared/gradientNorm").asDouble()).isPositive();
	}

	@Test
	void everyLayerKindOfTheExamplesPropagates() {
		for (String example : List.of("bilstm-keras", "doconv-net", "multihead-attention", "xception-middle-flow")) {
			JsonNode model = json(get("/api/v1/examples/" + example));
			HttpResponse<String> r = post("/api/v1/propagation",
					JSON.writeValueAsString(Map.of("model", model, "batchSize", 2, "seed", 1)));
			assertThat(r.statusCode()).as(example + ": " + r.body()).isEqualTo(200);
			assertThat(json(r).get("layers")).hasSize(model.get("layers").size());
		}
	}

	@Test
	void refusesWhatItCannotRunWith422() {
		JsonNode noShape = json(post("/api/v1/propagation", "{\"model\": {\"layers\": [{\"type\": \"linear\", \"in_features\": 4, \"out_features\": 2}]}}"));
		assertThat(noShape.get("status").asInt()).isEqualTo(422);
		assertThat(noShape.get("pointer").asString()).isEqualTo("/model/input/shape");
		JsonNode big = json(post("/api/v1/propagation", """
				{"model": {"input": {"shape": [64, 512, 512]}, "layers": [{"type": "conv2d", "out_channels": 64, "kernel_size": 3, "padding": 1}]},
				 "batchSize": 64}"""));
		assertThat(big.get("status").asInt()).isEqualTo(422);
		assertThat(big.get("pointer").asString()).isEqualTo("/batchSize");
		JsonNode bad = json(post("/api/v1/propagation", "{\"model\": {\"layers\": [{\"type\": \"conv9d\"}]}}"));
		assertThat(bad.get("pointer").asString()).isEqualTo("/model/layers/0/type");
		assertThat(json(post("/api/v1/propagation", "{\"model\": {\"input\": {\"shape\": [4]}, \"layers\": [{\"type\": \"relu\"}]}, \"batchSize\": 0}"))
			.get("pointer").asString()).isEqualTo("/batchSize");
		JsonNode opaque = json(post("/api/v1/propagation", "{\"model\": {\"input\": {\"shape\": [4, 8]}, \"layers\": [{\"name\": \"up\", \"type\": \"opaque\"}]}}"));
		assertThat(opaque.get("status").asInt()).isEqualTo(422);
		assertThat(opaque.get("pointer").asString()).isEqualTo("/model/layers/0/type");
		assertThat(opaque.get("detail").asString()).contains("'up' is a layer InitAudit does not model");
	}

	@Test
	void measureTrueSamplesDeclaredAndCorrectedLaws() {
		HttpResponse<String> r = post("/api/v1/audits?measure=true", ApiIntegrationTests.DEPTHWISE_BUG);
		assertThat(r.statusCode()).isEqualTo(201);
		JsonNode m = json(r).at("/layers/0/parameters/0/measured");
		assertThat(m.get("cap").asInt()).isEqualTo(1_000_000);
		// 32·1·3·3 = 288 values: the declared std √(2/288) = 0.0833 and the corrected √(2/9) = 0.471, to sampling error
		// (5 standard errors of a std of 288 normal values: 5/√576 ≈ 21%).
		assertThat(m.at("/declared/count").asLong()).isEqualTo(288);
		assertThat(m.at("/declared/std").asDouble()).isCloseTo(0.0833, within(0.0833 * 0.21));
		assertThat(m.at("/corrected/std").asDouble()).isCloseTo(0.4714, within(0.4714 * 0.21));
		assertThat(m.at("/declared/histogram/edges")).hasSize(41);
		assertThat(m.get("device").asString()).startsWith("cpu");
	}

}
