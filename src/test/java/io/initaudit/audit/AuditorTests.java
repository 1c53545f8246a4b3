package io.initaudit.audit;

import java.time.Instant;
import java.util.List;

import io.initaudit.model.ModelReader;
import io.initaudit.semantics.Thresholds;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.data.Offset.offset;

/**
 * The engine on shapes and frameworks that the public reference cases do not show. Expected values come from
 * reference/semantics.md and semantics-more.md (worked numbers, 4–6 digits) or are recomputed in the comment.
 */
class AuditorTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** Relative tolerance on stds: the reference docs print 4 significant digits. */
	private static final double DOC_DIGITS = 5e-4;

	static AuditReport audit(String framework, String... layers) {
		String body = "{\"name\": \"t\", \"framework\": \"" + framework + "\", \"layers\": [" + String.join(",", layers) + "]}";
		return new Auditor(Thresholds.DEFAULT).audit(new ModelReader().read(JSON.readTree(body)), "id", Instant.EPOCH);
	}

	static AuditReport.ParameterReport param(AuditReport r, String layer, String name) {
		return r.layers().stream().filter(l -> l.name().equals(layer)).flatMap(l -> l.parameters().stream()).filter(p -> p.name().equals(name))
			.findFirst().orElseThrow(() -> new AssertionError("no parameter " + layer + "." + name));
	}

	static List<String> codes(AuditReport.ParameterReport p) {
		return p.findings().stream().map(AuditReport.FindingView::code).toList();
	}

	static void assertStd(Double actual, double expected) {
		assertThat(actual).isNotNull();
		assertThat(actual).isCloseTo(expected, within(Math.abs(expected) * DOC_DIGITS));
	}

	@Test
	void kerasDepthwiseHeNormalOn32ChannelsIsSixTimesTooSmall() {
		// semantics.md §7: "32 ch 3×3 he_normal: 0.0833 vs 0.4714".
		AuditReport r = audit("keras", "{\"name\": \"c\", \"type\": \"conv2d\", \"in_channels\": 3, \"filters\": 32, \"kernel_size\": 3}",
				"{\"name\": \"dw\", \"type\": \"depthwise_conv2d\", \"kernel_size\": 3, \"init\": \"he_normal\"}");
		// Keras 3 names a DepthwiseConv2D weight "kernel" (tf.keras 2: "depthwise_kernel").
		var p = param(r, "dw", "kernel");
		assertStd(p.declared().std(), 0.0833);
		assertStd(p.intended().std(), 0.4714);
		assertThat(codes(p)).containsExactly("FAN_IN_IGNORES_DEPTHWISE");
		assertThat(p.findings().get(0).severity()).isEqualTo("error");
		// Keras' own VarianceScaling compensates: scale = std² · keras fan_in = (2/9) · 288 = 64.
		assertThat(p.corrected().snippets().get("keras")).isEqualTo("keras.initializers.VarianceScaling(scale=64.0, mode='fan_in', distribution='truncated_normal')");
	}

	@Test
	void xavierOnStackedLstmWeightsCountsEveryGate() {
		// semantics-more.md §1.1 (in=128, H=256): xavier on weight_ih 0.04167 vs per-gate 0.07217; weight_hh 0.03953 vs 0.0625.
		AuditReport r = audit("pytorch", "{\"name\": \"lstm\", \"type\": \"lstm\", \"input_size\": 128, \"hidden_size\": 256, "
				+ "\"init\": \"torch.nn.init.xavier_uniform_(w)\"}");
		var ih = param(r, "lstm", "weight_ih_l0");
		assertStd(ih.declared().std(), 0.04167);
		assertStd(ih.intended().std(), 0.07217);
		assertThat(codes(ih)).containsExactly("STACKED_FAN_OUT");
		var hh = param(r, "lstm", "weight_hh_l0");
		assertStd(hh.declared().std(), 0.03953);
		assertStd(hh.intended().std(), 0.0625);
	}

	@Test
	void pytorchLstmDefaultIgnoresTheInputSize() {
		// semantics-more.md §1.1: U(±1/√H) everywhere, std 1/√(3H) = 0.03608 at H=256; LeCun-style on in=1024 would be 1/√(3·1024).
		AuditReport r = audit("pytorch", "{\"name\": \"lstm\", \"type\": \"lstm\", \"input_size\": 1024, \"hidden_size\": 256}");
		var ih = param(r, "lstm", "weight_ih_l0");
		assertStd(ih.declared().std(), 0.03608);
		assertStd(ih.intended().std(), 1 / Math.sqrt(3 * 1024.0));
		assertThat(codes(ih)).containsExactly("RNN_DEFAULT_IGNORES_INPUT");
		assertThat(codes(param(r, "lstm", "weight_hh_l0"))).isEmpty();
		assertThat(r.findings()).extracting(AuditReport.FindingView::code).contains("FORGET_BIAS_DIFFERS");
		// fans.framework is torch's own fan function on the weight, whatever the default reads: torch 2.13
		// torch.nn.init._calculate_fan_in_and_fan_out(lstm.weight_ih_l0) = (1024, 1024) for shape (4·256, 1024), and
		// (256, 1024) for weight_hh_l0 (the cross-check found the report giving (256, 256) from hidden_size).
		assertThat(ih.fans().framework().fanIn()).isEqualTo(1024.0);
		assertThat(ih.fans().framework().fanOut()).isEqualTo(1024.0);
		var hh = param(r, "lstm", "weight_hh_l0");
		assertThat(hh.fans().framework().fanIn()).isEqualTo(256.0);
		assertThat(hh.fans().framework().fanOut()).isEqualTo(1024.0);
	}

	@Test
	void flaxEmbedDefaultReportsTheFansJaxComputes() {
		// Flax 0.12.8 Embed: default_embed_init = variance_scaling(1.0, 'fan_in', 'normal', out_axis=0); JAX 0.10.2
		// _compute_fans((1000, 64), in_axis=-2, out_axis=0) = (64, 64) (the cross-check asks it), and the values have std 1/√64.
		AuditReport r = audit("flax", "{\"name\": \"e\", \"type\": \"embedding\", \"num_embeddings\": 1000, \"embedding_dim\": 64}");
		var e = param(r, "e", "embedding");
		assertThat(e.fans().framework().fanIn()).isEqualTo(64.0);
		assertThat(e.fans().framework().fanOut()).isEqualTo(64.0);
		assertStd(e.declared().std(), 0.125);
	}

	@Test
	void kerasStringIdsUniformAndNormalAreTheFixedLaws() {
		// Keras 3.15.1: keras.initializers.get('uniform').get_config() = {minval: -0.05, maxval: 0.05} and
		// get('normal').get_config() = {mean: 0.0, stddev: 0.05} (aliases of RandomUniform and RandomNormal); the
		// cross-check measured std 0.0289 and 0.0500 on built layers, where the report said U[0, 0.01) and N(0, 0.01²).
		AuditReport r = audit("keras", "{\"name\": \"u\", \"type\": \"linear\", \"in_features\": 64, \"units\": 32, \"init\": \"uniform\"}",
				"{\"name\": \"n\", \"type\": \"linear\", \"in_features\": 32, \"units\": 32, \"init\": \"normal\"}");
		var u = param(r, "u", "kernel");
		assertThat(u.declared().family()).isEqualTo("uniform");
		assertThat(u.declared().lower()).isEqualTo(-0.05);
		assertThat(u.declared().upper()).isEqualTo(0.05);
		assertStd(u.declared().std(), 0.1 / Math.sqrt(12));
		assertThat(codes(u)).doesNotContain("UNIFORM_NOT_SYMMETRIC", "NONZERO_MEAN");
		var n = param(r, "n", "kernel");
		assertThat(n.declared().family()).isEqualTo("normal");
		assertStd(n.declared().std(), 0.05);
		assertThat(codes(n)).doesNotContain("NONZERO_MEAN");
	}

	@Test
	void kerasLstmRecurrentOrthogonalIsNotOrthogonalPerGate() {
		// semantics-more.md §1.2: recurrent_kernel (H, 4H) orthogonal → entry std 1/√(4H) = 0.03125, block RMS singular value 0.5.
		AuditReport r = audit("keras", "{\"name\": \"lstm\", \"type\": \"lstm\", \"input_size\": 128, \"units\": 256}");
		var rk = param(r, "lstm", "recurrent_kernel");
		assertStd(rk.declared().std(), 0.03125);
		assertStd(rk.intended().std(), 0.0625);
		assertThat(codes(rk)).containsExactly("ORTHOGONAL_NOT_PER_GATE");
		assertThat((Double) rk.findings().get(0).evidence().get("blockRmsSingularValue")).isCloseTo(0.5, within(1e-12));
		assertThat(rk.corrected().snippets().get("keras")).contains("shape[1] // 4");
		// glorot_uniform kernel: √(2/(in+4H)) = 0.04167 vs per gate 0.07217.
		assertStd(param(r, "lstm", "kernel").declared().std(), 0.04167);
	}

	@Test
	void pytorchMultiheadAttentionFusedProjectionIsXavierTimesOneOverRootTwo() {
		// semantics-more.md §5 (E=512): in_proj xavier √(2/(4E)) = 0.03125 vs 0.04419; out_proj 1/√(3E) = 0.02552.
		AuditReport r = audit("pytorch", "{\"name\": \"attn\", \"type\": \"multihead_attention\", \"embed_dim\": 512, \"num_heads\": 8}");
		var in = param(r, "attn", "in_proj_weight");
		assertStd(in.declared().std(), 0.03125);
		assertStd(in.intended().std(), 0.04419);
		assertThat(codes(in)).containsExactly("STACKED_FAN_OUT");
		assertStd(param(r, "attn", "out_proj.weight").declared().std(), 0.02552);
	}

	@Test
	void tfKerasMultiheadAttentionReadsHeadsAsReceptiveField() {
		// semantics-more.md §5: tf.keras 2 glorot on (D, heads, key_dim) reads fans (4096, 32768): q/k/v √(2/36864) = 0.00737
		// instead of 0.04419.
		AuditReport r = audit("tensorflow", "{\"name\": \"mha\", \"type\": \"multihead_attention\", \"embed_dim\": 512, \"num_heads\": 8}");
		var q = param(r, "mha", "query.kernel");
		assertStd(q.declared().std(), Math.sqrt(2.0 / (4096 + 32768)));
		assertStd(q.intended().std(), 0.04419);
		assertThat(codes(q)).containsExactly("FANS_FROM_WRONG_AXES");
		assertStd(param(r, "mha", "attention_output.kernel").declared().std(), 0.02083);
		// Keras ≥ 3.15 passes EinsumDense's axes: the same layer is right.
		assertThat(codes(param(audit("keras", "{\"name\": \"mha\", \"type\": \"multihead_attention\", \"embed_dim\": 512, \"num_heads\": 8}"), "mha",
				"query.kernel"))).isEmpty();
	}

	@Test
	void tfVarianceScalingNormalIsTheCorrectedTruncation() {
		// TF 2.21 init_ops.VarianceScaling.__call__ (tf.compat.v1.variance_scaling_initializer): default and 'normal' both
		// draw truncated_normal(stddev=√scale / 0.87962566103423978), so the values have std √(2/fan_in) = 0.1; the
		// differential cross-check measures the same against the real TensorFlow.
		for (String init : new String[] { "tf.compat.v1.variance_scaling_initializer(scale=2.0)", "tf.variance_scaling_initializer(scale=2.0, distribution='normal')" }) {
			AuditReport r = audit("tensorflow", "{\"name\": \"d\", \"type\": \"linear\", \"in_features\": 200, \"units\": 100, \"init\": \"" + init + "\"}");
			var w = param(r, "d", "kernel");
			assertStd(w.declared().std(), 0.1);
			assertStd(w.intended().std(), 0.1);
			assertThat(codes(w)).isEmpty();
		}
	}

	@Test
	void dl4jLecunUniformHasThreeTimesTheVariance() {
		AuditReport r = audit("dl4j", "{\"name\": \"d\", \"type\": \"linear\", \"in_features\": 100, \"out_features\": 10, \"init\": \"WeightInit.LECUN_UNIFORM\"}");
		var w = param(r, "d", "W");
		assertStd(w.declared().std(), Math.sqrt(3) / 10);
		assertStd(w.intended().std(), 0.1);
		assertThat(codes(w)).containsExactly("BOUND_3_OVER_SQRT_FAN");
	}

	@Test
	void scaledFmodRecipeIsFoldingNotTruncation() {
		// fmod(randn, 2)·0.02 has std 0.86589·0.02 (reference_values.py); a ±2σ truncation of σ = 0.02 has 0.87963·0.02.
		AuditReport r = audit("pytorch", "{\"name\": \"d\", \"type\": \"linear\", \"in_features\": 64, \"out_features\": 64, "
				+ "\"init\": \"torch.fmod(torch.randn(w.shape), 2) * 0.02\"}");
		var w = param(r, "d", "weight");
		assertStd(w.declared().std(), 0.86588843526995 * 0.02);
		assertStd(w.intended().std(), 0.8796256610342398 * 0.02);
		assertThat(codes(w)).containsExactly("FMOD_NOT_TRUNCATION");
		assertThat(w.corrected().family()).isEqualTo("truncated_normal");
		assertThat(w.corrected().snippets().get("pytorch")).isEqualTo("torch.nn.init.trunc_normal_(m.weight, mean=0.0, std=0.02, a=-0.04, b=0.04)");
	}

	@Test
	void pytorchDefaultTransposedConvReadsTheOutputChannels() {
		// semantics.md §1.4: ConvTranspose default uses fan_in = (Cout/g)·K: ConvTranspose2d(64, 16, 4) → 1/√(3·256).
		AuditReport r = audit("pytorch", "{\"name\": \"up\", \"type\": \"conv_transpose2d\", \"in_channels\": 64, \"out_channels\": 16, \"kernel_size\": 4}");
		var w = param(r, "up", "weight");
		assertStd(w.declared().std(), 1 / Math.sqrt(3 * 256.0));
		assertStd(w.intended().std(), 1 / Math.sqrt(3 * 1024.0));
		assertThat(codes(w)).containsExactly("FAN_SWAPPED_TRANSPOSE");
	}

	@Test
	void flaxGlorotOnADepthwiseConvIgnoresGroups() {
		// semantics.md §3.2: Flax kernel (k, k, 1, dm·Cin): fan_out = dm·Cin·K.
		AuditReport r = audit("flax", "{\"name\": \"c\", \"type\": \"conv2d\", \"in_channels\": 3, \"out_channels\": 64, \"kernel_size\": 3}",
				"{\"name\": \"dw\", \"type\": \"depthwise_conv2d\", \"kernel_size\": 3, \"init\": \"jax.nn.initializers.glorot_normal()\"}");
		var w = param(r, "dw", "kernel");
		assertThat(w.fans().framework().fanOut()).isEqualTo(576.0);
		assertThat(w.fans().correct().fanOut()).isEqualTo(9.0);
		assertStd(w.declared().std(), Math.sqrt(2.0 / (9 + 576)));
		assertThat(codes(w)).containsExactly("FAN_OUT_IGNORES_GROUPS");
	}

	@Test
	void heGainBeforeGeluIsAGainMismatch() {
		// GELU's second-moment gain 1.53353 vs He's √2 (semantics-more.md §6).
		AuditReport r = audit("pytorch", "{\"name\": \"fc\", \"type\": \"linear\", \"in_features\": 256, \"out_features\": 256, \"activation\": \"gelu\", "
				+ "\"init\": \"torch.nn.init.kaiming_normal_(w, nonlinearity='relu')\"}");
		var w = param(r, "fc", "weight");
		assertStd(w.intended().std(), 1.5335304411955344 / 16);
		assertThat(codes(w)).containsExactly("GAIN_MISMATCH");
		assertThat(r.findings()).extracting(AuditReport.FindingView::code).contains("GAIN_UNDEFINED");
	}

	@Test
	void activationLayerAfterANormSetsTheGain() {
		AuditReport r = audit("pytorch", "{\"name\": \"c\", \"type\": \"conv2d\", \"in_channels\": 3, \"out_channels\": 8, \"kernel_size\": 3}",
				"{\"name\": \"bn\", \"type\": \"batch_norm\"}", "{\"name\": \"act\", \"type\": \"relu\"}");
		var w = param(r, "c", "weight");
		assertThat(w.intended().scheme()).isEqualTo("he");
		assertThat(codes(w)).containsExactly("DEFAULT_INIT_NOT_HE");
	}

	@Test
	void separableDepthwiseHalfHasNoNonlinearityAfterIt() {
		// The depthwise half feeds the pointwise half directly: its gain is 1 whatever follows the layer.
		AuditReport r = audit("keras", "{\"name\": \"c\", \"type\": \"conv2d\", \"in_channels\": 3, \"filters\": 16, \"kernel_size\": 3}",
				"{\"name\": \"s\", \"type\": \"separable_conv2d\", \"filters\": 32, \"kernel_size\": 3, \"activation\": \"relu\", "
						+ "\"inits\": {\"depthwise_kernel\": \"he_normal\", \"pointwise_kernel\": \"he_normal\"}}");
		var dw = param(r, "s", "depthwise_kernel");
		assertThat(dw.intended().gain()).isEqualTo(1.0);
		assertThat(codes(dw)).contains("FAN_IN_IGNORES_DEPTHWISE", "GAIN_MISMATCH");
		assertThat(codes(param(r, "s", "pointwise_kernel"))).isEmpty();
	}

	@Test
	void serializedKerasInitializerIsReadLikeTheCall() {
		AuditReport r = audit("keras", "{\"name\": \"d\", \"type\": \"linear\", \"in_features\": 64, \"units\": 32, \"init\": "
				+ "{\"class_name\": \"VarianceScaling\", \"config\": {\"scale\": 2.0, \"mode\": \"fan_in\", \"distribution\": \"uniform\", \"seed\": null}}}");
		var w = param(r, "d", "kernel");
		assertThat(w.declared().family()).isEqualTo("uniform");
		assertThat(w.declared().upper()).isCloseTo(Math.sqrt(6.0 / 64), offset(1e-15));
	}

	@Test
	void unknownCallIsReportedNotJudged() {
		AuditReport r = audit("pytorch", "{\"name\": \"d\", \"type\": \"linear\", \"in_features\": 4, \"out_features\": 4, \"init\": \"my_init(w)\"}");
		var w = param(r, "d", "weight");
		assertThat(codes(w)).containsExactly("UNKNOWN_INITIALIZER");
		assertThat(w.declared().std()).isNull();
		assertThat(w.intended()).isNull();
		assertThat(r.verdict()).isEqualTo("warn");
	}

	@Test
	void measuredStatisticsThatDoNotMatchTheCallAreAFinding() {
		// kaiming_normal_ fan_in relu on 256 inputs should give 0.0884; a measured 0.05 over 65536 values is far outside sampling error.
		AuditReport r = audit("pytorch", "{\"name\": \"d\", \"type\": \"linear\", \"in_features\": 256, \"out_features\": 256, "
				+ "\"init\": \"torch.nn.init.kaiming_normal_(w, nonlinearity='relu')\", \"measured\": {\"std\": 0.05, \"count\": 65536}}");
		var w = param(r, "d", "weight");
		assertThat(codes(w)).containsExactly("MEASURED_STD_MISMATCH");
		assertThat(w.userMeasured().stdRatio()).isCloseTo(0.05 / 0.08838834764831845, within(1e-12));
	}

	@Test
	void layerScaleOnTheBranchStopsResidualGrowthFinding() {
		String conv = "{\"name\": \"c%d\", \"type\": \"conv2d\", \"in_channels\": 8, \"out_channels\": 8, \"kernel_size\": 3, \"padding\": 1, \"inputs\": [\"%s\"]}";
		AuditReport plain = audit("pytorch", conv.formatted(0, "@input"), "{\"name\": \"a\", \"type\": \"add\", \"inputs\": [\"c0\", \"@input\"]}");
		assertThat(plain.findings()).extracting(AuditReport.FindingView::code).contains("RESIDUAL_VARIANCE_GROWTH");
		AuditReport scaled = audit("pytorch", conv.formatted(0, "@input"), "{\"name\": \"g\", \"type\": \"layer_scale\", \"init_value\": 1e-6}",
				"{\"name\": \"a\", \"type\": \"add\", \"inputs\": [\"g\", \"@input\"]}");
		assertThat(scaled.findings()).extracting(AuditReport.FindingView::code).doesNotContain("RESIDUAL_VARIANCE_GROWTH");
	}

	@Test
	void depthwiseVersusPointwiseHeIsALearningRateImbalance() {
		// findings.md: 3×3 depthwise vs 512-channel pointwise: He std √(2/9) = 0.471 vs √(2/512) = 0.0625 (7.5×).
		AuditReport r = audit("pytorch", "{\"name\": \"dw\", \"type\": \"conv2d\", \"in_channels\": 512, \"out_channels\": 512, \"kernel_size\": 3, "
				+ "\"groups\": 512, \"init\": \"torch.nn.init.kaiming_normal_(w)\"}",
				"{\"name\": \"pw\", \"type\": \"conv2d\", \"in_channels\": 512, \"out_channels\": 512, \"kernel_size\": 1, \"init\": \"torch.nn.init.kaiming_normal_(w)\"}",
				"{\"name\": \"head\", \"type\": \"linear\", \"in_features\": 512, \"out_features\": 10}");
		var f = r.findings().stream().filter(x -> x.code().equals("RELATIVE_LR_IMBALANCE")).findFirst().orElseThrow();
		assertThat((Double) f.evidence().get("ratio")).isCloseTo(Math.sqrt(512.0 / 9), within(1e-9));
	}

}
