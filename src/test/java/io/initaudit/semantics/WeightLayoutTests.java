package io.initaudit.semantics;

import java.util.List;

import io.initaudit.core.Fans;
import io.initaudit.model.Framework;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The layout type against the frameworks' own code. Expected values: torch.nn.init._calculate_fan_in_and_fan_out and
 * orthogonal_ (flattens to (size(0), -1)), keras.src.initializers compute_fans and Orthogonal (flattens to
 * (prod(shape[:-1]), shape[-1])), flax.linen.DenseGeneral (calls kernel_init on (prod(inputs), prod(features))), and
 * the kernel layouts ND4J's conv2d ([kH, kW, in, out]) and deconv2d ([kH, kW, out, in]) take. Exact integers.
 */
class WeightLayoutTests {

	@Test
	void fansReadTheInputAndOutputAxesTimesTheKernel() {
		// torch Conv2d(64, 128, 3): weight (128, 64, 3, 3) → fan_in 576, fan_out 1152.
		assertThat(WeightLayout.OUT_IN_SPATIAL.fansOf(List.of(128L, 64L, 3L, 3L))).isEqualTo(Fans.of(576, 1152));
		// torch ConvTranspose2d(64, 128, 3): weight (64, 128, 3, 3); its real fans are (576, 1152), torch's function reads (1152, 576).
		assertThat(WeightLayout.IN_OUT_SPATIAL.fansOf(List.of(64L, 128L, 3L, 3L))).isEqualTo(Fans.of(576, 1152));
		assertThat(WeightLayout.OUT_IN_SPATIAL.fansOf(List.of(64L, 128L, 3L, 3L))).isEqualTo(Fans.of(1152, 576));
		// Keras Conv2DTranspose(128, 3) on 64 channels: kernel (3, 3, 128, 64).
		assertThat(WeightLayout.SPATIAL_OUT_IN.fansOf(List.of(3L, 3L, 128L, 64L))).isEqualTo(Fans.of(576, 1152));
		assertThat(WeightLayout.SPATIAL_IN_OUT.fansOf(List.of(3L, 3L, 128L, 64L))).isEqualTo(Fans.of(1152, 576));
		assertThat(WeightLayout.SPATIAL_IN_OUT.fansOf(List.of(10L))).isNull();
		assertThat(WeightLayout.IN_HEADS.fansOf(List.of(64L, 4L, 16L))).isNull();
	}

	@Test
	void permutationsReachNd4jsKernelLayouts() {
		// torch (out, in, kh, kw) → ND4J conv2d (kh, kw, in, out): INDArray.permute(2, 3, 1, 0).
		assertThat(WeightLayout.OUT_IN_SPATIAL.permutationTo(WeightLayout.SPATIAL_IN_OUT, 4)).containsExactly(2, 3, 1, 0);
		// torch (in, out, kh, kw) → ND4J deconv2d (kh, kw, out, in): permute(2, 3, 1, 0) as well.
		assertThat(WeightLayout.IN_OUT_SPATIAL.permutationTo(WeightLayout.SPATIAL_OUT_IN, 4)).containsExactly(2, 3, 1, 0);
		// Flax ConvTranspose (kh, kw, in, out) → (kh, kw, out, in).
		assertThat(WeightLayout.SPATIAL_IN_OUT.permutationTo(WeightLayout.SPATIAL_OUT_IN, 4)).containsExactly(0, 1, 3, 2);
		// torch Conv3d (out, in, kd, kh, kw) → ND4J conv3d (kd, kh, kw, in, out).
		assertThat(WeightLayout.OUT_IN_SPATIAL.permutationTo(WeightLayout.SPATIAL_IN_OUT, 5)).containsExactly(2, 3, 4, 1, 0);
		// torch Conv1d (out, in, k) → (k, in, out).
		assertThat(WeightLayout.OUT_IN_SPATIAL.permutationTo(WeightLayout.SPATIAL_IN_OUT, 3)).containsExactly(2, 1, 0);
		assertThat(WeightLayout.SPATIAL_IN_OUT.permutationTo(WeightLayout.SPATIAL_IN_OUT, 4)).containsExactly(0, 1, 2, 3);
	}

	@Test
	void orthogonalInitializersFlattenAsTheirFrameworkDoes() {
		// torch.nn.init.orthogonal_ on an LSTM weight_hh (4·32, 32): rows = size(0).
		assertThat(WeightLayout.OUT_IN_SPATIAL.orthogonalMatrix(Framework.PYTORCH, List.of(128L, 32L))).containsExactly(128, 32);
		// torch on a conv weight (16, 8, 3, 3): (16, 72).
		assertThat(WeightLayout.OUT_IN_SPATIAL.orthogonalMatrix(Framework.PYTORCH, List.of(16L, 8L, 3L, 3L))).containsExactly(16, 72);
		// Keras Orthogonal on a conv kernel (3, 3, 8, 16): (72, 16); on an EinsumDense kernel (64, 4, 16): (256, 16).
		assertThat(WeightLayout.SPATIAL_IN_OUT.orthogonalMatrix(Framework.KERAS, List.of(3L, 3L, 8L, 16L))).containsExactly(72, 16);
		assertThat(WeightLayout.IN_HEADS.orthogonalMatrix(Framework.KERAS, List.of(64L, 4L, 16L))).containsExactly(256, 16);
		// Flax DenseGeneral: query (64, 4, 16) as (64, 64); out (4, 16, 64) as (64, 64).
		assertThat(WeightLayout.IN_HEADS.orthogonalMatrix(Framework.FLAX, List.of(64L, 4L, 16L))).containsExactly(64, 64);
		assertThat(WeightLayout.HEADS_OUT.orthogonalMatrix(Framework.FLAX, List.of(4L, 16L, 64L))).containsExactly(64, 64);
	}

	@Test
	void everyParameterCarriesItsLayout() {
		assertThat(ParametersTests.params("pytorch", "{\"name\": \"t\", \"type\": \"conv_transpose2d\", \"in_channels\": 8, \"out_channels\": 4, \"kernel_size\": 3}")
			.get(0).layout()).isEqualTo(WeightLayout.IN_OUT_SPATIAL);
		assertThat(ParametersTests.params("keras", "{\"name\": \"t\", \"type\": \"conv_transpose2d\", \"in_channels\": 8, \"out_channels\": 4, \"kernel_size\": 3}")
			.get(0).layout()).isEqualTo(WeightLayout.SPATIAL_OUT_IN);
		assertThat(ParametersTests.params("keras", "{\"name\": \"t\", \"type\": \"lstm\", \"input_size\": 8, \"hidden_size\": 4}").get(0).layout())
			.isEqualTo(WeightLayout.SPATIAL_IN_OUT);
		List<ParameterSpec> mha = ParametersTests.params("flax", "{\"name\": \"a\", \"type\": \"multihead_attention\", \"embed_dim\": 16, \"num_heads\": 4}");
		assertThat(mha).extracting(ParameterSpec::name)
			.containsExactly("query.kernel", "key.kernel", "value.kernel", "out.kernel", "query.bias", "key.bias", "value.bias", "out.bias");
		assertThat(mha.get(3).layout()).isEqualTo(WeightLayout.HEADS_OUT);
		assertThat(mha.get(4).shape()).containsExactly(4L, 4L);
		assertThat(mha.get(7).shape()).containsExactly(16L);
	}

}
