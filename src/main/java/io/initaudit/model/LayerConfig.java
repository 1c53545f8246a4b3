package io.initaudit.model;

import java.util.List;

import io.initaudit.core.Activation;
import org.jspecify.annotations.Nullable;

/**
 * The sizes and options of one layer, with PyTorch and Keras spellings already merged and the input size
 * inferred from the graph where the description left it out.
 *
 * @param in input channels / features / {@code input_size} (inferred when absent)
 * @param out output channels / features / {@code hidden_size} / {@code embedding_dim} / attention's output_dim
 * @param kernel kernel size per spatial axis (empty for non-conv layers)
 * @param stride stride per spatial axis
 * @param dilation dilation per spatial axis
 * @param padding padding per spatial axis (explicit numbers; {@code paddingMode} says same/valid); a pad layer's before, after
 *        per axis (negative: cropped)
 * @param paddingMode {@code same}, {@code valid} or {@code null} for explicit padding
 * @param outputPadding transposed convs' {@code output_padding}
 * @param groups conv groups
 * @param depthMultiplier Keras depthwise/separable {@code depth_multiplier}
 * @param dMul DO-Conv's {@code D_mul} as given ({@code null}: M·N)
 * @param bias whether the layer has a bias
 * @param numLayers stacked RNN layers
 * @param bidirectional RNN direction count 2
 * @param vocabulary embedding {@code num_embeddings}
 * @param numGroups group norm groups
 * @param initValue layer scale initial value
 * @param numHeads attention heads
 * @param activation the activation stated on the layer ({@code activation} shorthand), or {@code null}
 * @param activationParam negative slope / ELU α of that activation
 * @param normScale whether a norm has its learnable scale (torch affine, Keras scale)
 * @param keepDims whether a global pooling keeps its spatial axes at size 1 (Keras keepdims, a squeeze-and-excite block)
 * @param keyDim attention: size of each head's query and key (Keras {@code key_dim}; torch embed_dim / num_heads)
 * @param valueDim attention: size of each head's value (Keras {@code value_dim}, default key_dim)
 * @param keyInput attention: features of the key input (torch {@code kdim}, default embed_dim)
 * @param valueInput attention: features of the value input (torch {@code vdim}, default embed_dim)
 */
public record LayerConfig(long in, long out, List<Integer> kernel, List<Integer> stride, List<Integer> dilation, List<Integer> padding,
		@Nullable String paddingMode, List<Integer> outputPadding, int groups, int depthMultiplier, @Nullable Integer dMul, boolean bias,
		int numLayers, boolean bidirectional, long vocabulary, int numGroups, double initValue, int numHeads, @Nullable Activation activation,
		double activationParam, boolean normScale, boolean keepDims, long keyDim, long valueDim, long keyInput, long valueInput) {

	/** Product of the kernel sizes (the receptive field K), 1 for non-conv layers. */
	public long receptiveField() {
		long k = 1;
		for (int v : this.kernel) {
			k *= v;
		}
		return k;
	}

	/** Product of the strides. */
	public long strideProduct() {
		long s = 1;
		for (int v : this.stride) {
			s *= v;
		}
		return s;
	}

	/** DO-Conv's effective D_mul: M·N when unset or when M·N ≤ 1 (do_conv_pytorch.py). */
	public long effectiveDMul() {
		long mn = receptiveField();
		return (this.dMul == null || mn <= 1) ? mn : this.dMul;
	}

	/** Directions of an RNN (1 or 2). */
	public int directions() {
		return this.bidirectional ? 2 : 1;
	}

}
