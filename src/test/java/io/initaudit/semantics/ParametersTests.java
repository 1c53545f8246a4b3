package io.initaudit.semantics;

import java.util.List;
import java.util.stream.Stream;

import io.initaudit.core.Fans;
import io.initaudit.model.Layer;
import io.initaudit.model.ModelDescription;
import io.initaudit.model.ModelReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class ParametersTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	static List<ParameterSpec> params(String framework, String layerJson) {
		ModelDescription m = new ModelReader().read(JSON.readTree("{\"framework\": \"" + framework + "\", \"layers\": [" + layerJson + "]}"));
		Layer last = m.layers().get(m.layers().size() - 1);
		return Parameters.of(last);
	}

	// Keras 3.x: keras.src.initializers.random_initializers.compute_fans
	static Stream<Arguments> kerasComputeFans() {
		return Stream.of(Arguments.of(List.of(3L, 3L, 64L, 128L), 576.0, 1152.0), Arguments.of(List.of(5L), 5.0, 5.0),
				Arguments.of(List.of(512L, 256L), 512.0, 256.0), Arguments.of(List.of(512L, 8L, 64L), 4096.0, 32768.0));
	}

	@ParameterizedTest(name = "compute_fans({0}) = ({1}, {2})")
	@MethodSource("kerasComputeFans")
	void matchesKerasComputeFans(List<Long> shape, double fanIn, double fanOut) {
		assertThat(Parameters.kerasFans(shape)).isEqualTo(Fans.of(fanIn, fanOut));
	}

	@Test
	void torchFansNeedTwoDimensions() {
		// torch.nn.init._calculate_fan_in_and_fan_out raises for dim < 2.
		assertThat(Parameters.torchFans(List.of(10L))).isNull();
		assertThat(Parameters.torchFans(List.of(64L, 8L, 3L, 3L))).isEqualTo(Fans.of(72, 576));
	}

	@Test
	void groupedTransposedConvInPytorchSwapsAndIgnoresGroups() {
		// ConvTranspose2d(64, 32, 4, groups=2): weight [64, 16, 4, 4]; torch fans (16·16, 64·16); correct (32·16, 16·16).
		ParameterSpec w = params("pytorch",
				"{\"type\": \"conv_transpose2d\", \"in_channels\": 64, \"out_channels\": 32, \"kernel_size\": 4, \"stride\": 2, \"groups\": 2}").get(0);
		assertThat(w.shape()).containsExactly(64L, 16L, 4L, 4L);
		assertThat(w.frameworkFans()).isEqualTo(Fans.of(256, 1024));
		assertThat(w.correctFans()).isEqualTo(Fans.of(512, 256));
		assertThat(w.fanInDefect()).isEqualTo(FindingCode.FAN_SWAPPED_TRANSPOSE);
	}

	@Test
	void dl4jDepthwiseCountsInputChannelsAndDividesByStride() {
		ParameterSpec w = params("dl4j", "{\"type\": \"depthwise_conv2d\", \"in_channels\": 32, \"kernel_size\": 3, \"stride\": 2}").get(0);
		assertThat(w.frameworkFans()).isEqualTo(Fans.of(288, 9.0 / 4));
		assertThat(w.correctFans()).isEqualTo(Fans.of(9, 9));
		assertThat(w.fanInDefect()).isEqualTo(FindingCode.FAN_IN_IGNORES_DEPTHWISE);
		assertThat(w.fanOutDefect()).isEqualTo(FindingCode.FAN_OUT_DIVIDED_BY_STRIDE);
	}

	@Test
	void stackedBidirectionalLstmInPytorchHasPerLayerInputSizes() {
		List<ParameterSpec> p = params("pytorch", "{\"type\": \"lstm\", \"input_size\": 128, \"hidden_size\": 256, \"num_layers\": 2, \"bidirectional\": true}");
		assertThat(p).extracting(ParameterSpec::name)
			.contains("weight_ih_l0", "weight_hh_l0", "weight_ih_l0_reverse", "weight_ih_l1", "bias_hh_l1_reverse");
		ParameterSpec ih1 = p.stream().filter(s -> s.name().equals("weight_ih_l1")).findFirst().orElseThrow();
		// Layer 1 of a bidirectional stack reads 2H = 512 inputs.
		assertThat(ih1.shape()).containsExactly(1024L, 512L);
		assertThat(ih1.frameworkFans()).isEqualTo(Fans.of(512, 1024));
		assertThat(ih1.correctFans()).isEqualTo(Fans.of(512, 256));
		assertThat(ih1.fanOutDefect()).isEqualTo(FindingCode.STACKED_FAN_OUT);
	}

	@Test
	void flaxLstmHasPerGateKernels() {
		List<ParameterSpec> p = params("flax", "{\"type\": \"lstm\", \"input_size\": 128, \"hidden_size\": 256}");
		assertThat(p).extracting(ParameterSpec::name).contains("ii.kernel", "if.kernel", "hf.kernel", "hf.bias");
		assertThat(p.stream().filter(s -> s.name().equals("hf.kernel")).findFirst().orElseThrow().stackedBlocks()).isEqualTo(1);
	}

	@Test
	void separableConvInKerasInfersInputChannels() {
		List<ParameterSpec> p = params("keras", "{\"type\": \"conv2d\", \"in_channels\": 3, \"filters\": 32, \"kernel_size\": 3}, "
				+ "{\"type\": \"separable_conv2d\", \"filters\": 64, \"kernel_size\": 3, \"depth_multiplier\": 2}");
		assertThat(p.get(0).name()).isEqualTo("depthwise_kernel");
		assertThat(p.get(0).shape()).containsExactly(3L, 3L, 32L, 2L);
		assertThat(p.get(1).name()).isEqualTo("pointwise_kernel");
		assertThat(p.get(1).shape()).containsExactly(1L, 1L, 64L, 64L);
	}

	@Test
	void kerasAttentionKernelsFollowKeyDimValueDimAndOutputShape() {
		// keras.layers.MultiHeadAttention(2, key_dim=64, value_dim=16, output_shape=32) on 64 features, Keras 3.15
		// (multi_head_attention.py build; EinsumDense passes its axes to compute_fans): the real layer's weights are
		// query/key (64, 2, 64), value (64, 2, 16), output (2, 16, 32); biases (2, 64), (2, 64), (2, 16), (32,).
		List<ParameterSpec> p = params("keras", "{\"type\": \"multihead_attention\", \"embed_dim\": 64, \"num_heads\": 2, \"key_dim\": 64, "
				+ "\"value_dim\": 16, \"output_dim\": 32}");
		assertThat(p).extracting(ParameterSpec::name, ParameterSpec::shape).containsExactly(
				tuple("query.kernel", List.of(64L, 2L, 64L)), tuple("key.kernel", List.of(64L, 2L, 64L)), tuple("value.kernel", List.of(64L, 2L, 16L)),
				tuple("attention_output.kernel", List.of(2L, 16L, 32L)), tuple("query.bias", List.of(2L, 64L)), tuple("key.bias", List.of(2L, 64L)),
				tuple("value.bias", List.of(2L, 16L)), tuple("attention_output.bias", List.of(32L)));
		assertThat(p.get(0).frameworkFans()).isEqualTo(Fans.of(64, 128));
		assertThat(p.get(3).frameworkFans()).isEqualTo(Fans.of(32, 32));
		// use_bias=False: kernels only.
		assertThat(params("keras", "{\"type\": \"multihead_attention\", \"embed_dim\": 64, \"num_heads\": 2, \"key_dim\": 64, \"bias\": false}"))
			.extracting(ParameterSpec::name).containsExactly("query.kernel", "key.kernel", "value.kernel", "attention_output.kernel");
	}

	@Test
	void torchAttentionWithOtherKeyAndValueSizesHasSeparateProjections() {
		// torch.nn.MultiheadAttention(64, 4, kdim=24, vdim=40): _qkv_same_embed_dim is False, so q/k/v_proj_weight
		// [64, 64], [64, 24], [64, 40], each xavier_uniform_ on its own fans; in_proj_bias [192].
		List<ParameterSpec> p = params("pytorch", "{\"type\": \"multihead_attention\", \"embed_dim\": 64, \"num_heads\": 4, \"kdim\": 24, \"vdim\": 40}");
		assertThat(p).extracting(ParameterSpec::name, ParameterSpec::shape).containsExactly(tuple("q_proj_weight", List.of(64L, 64L)),
				tuple("k_proj_weight", List.of(64L, 24L)), tuple("v_proj_weight", List.of(64L, 40L)), tuple("in_proj_bias", List.of(192L)),
				tuple("out_proj.weight", List.of(64L, 64L)), tuple("out_proj.bias", List.of(64L)));
		assertThat(p.get(1).frameworkFans()).isEqualTo(Fans.of(24, 64));
		assertThat(p.get(1).fanOutDefect()).isNull();
	}

	@Test
	void normsWithoutAffineParametersHaveNone() {
		// torch BatchNorm2d(affine=False) and LayerNorm(elementwise_affine=False) hold no weight or bias; Keras
		// BatchNormalization(scale=False) has beta only, center=False gamma only (keras.layers.BatchNormalization).
		assertThat(params("pytorch", "{\"type\": \"batch_norm\", \"num_features\": 8, \"affine\": false}")).isEmpty();
		assertThat(params("pytorch", "{\"type\": \"layer_norm\", \"normalized_shape\": 8, \"elementwise_affine\": false}")).isEmpty();
		assertThat(params("keras", "{\"type\": \"batch_norm\", \"num_features\": 8, \"scale\": false}")).extracting(ParameterSpec::name)
			.containsExactly("beta");
		assertThat(params("keras", "{\"type\": \"batch_norm\", \"num_features\": 8, \"center\": false}")).extracting(ParameterSpec::name)
			.containsExactly("gamma");
		assertThat(params("pytorch", "{\"type\": \"batch_norm\", \"num_features\": 8}")).extracting(ParameterSpec::name).containsExactly("weight", "bias");
	}

}
