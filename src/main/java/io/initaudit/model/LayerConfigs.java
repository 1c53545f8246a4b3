package io.initaudit.model;

import java.util.Collections;
import java.util.List;

import io.initaudit.core.Activation;
import org.jspecify.annotations.Nullable;

/**
 * A layer's {@link LayerConfig} from its fields: PyTorch and Keras spellings merged, sizes checked against the limits
 * and against each other, the input size taken from the graph where the layer leaves it out.
 */
final class LayerConfigs {

	/**
	 * Stacked recurrent layers in one {@code lstm}/{@code gru} layer: each adds its own weight matrices to the report
	 * (found by fuzzing: num_layers of a million exhausted the heap).
	 */
	static final int MAX_STACKED_LAYERS = 64;

	private final JsonFields json;

	LayerConfigs(JsonFields json) {
		this.json = json;
	}

	@Nullable LayerConfig read(LayerType type, LayerFields f, @Nullable TensorShape in, Framework framework) {
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
		long keyDim = 0;
		long valueDim = 0;
		long keyInput = 0;
		long valueInput = 0;
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
				kernel = f.ints("kernel_size", rank, null, 1, this.json.limits.maxKernel(), "kernel_size", "kernel");
				stride = f.ints("stride", rank, 1, 1, this.json.limits.maxKernel(), "stride", "strides");
				dilation = f.ints("dilation", rank, 1, 1, this.json.limits.maxKernel(), "dilation", "dilation_rate");
				paddingMode = f.paddingMode();
				padding = paddingMode != null ? zeros(rank) : f.ints("padding", rank, 0, 0, this.json.limits.maxKernel(), "padding");
				if (kind == LayerKind.CONV_TRANSPOSE) {
					outputPadding = f.ints("output_padding", rank, 0, 0, this.json.limits.maxKernel(), "output_padding");
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
					this.json.fail(f.pointer + "/num_layers", "num_layers must be at most " + MAX_STACKED_LAYERS + ". Received: " + numLayers);
					return null;
				}
				bidirectional = f.bool(false, "bidirectional");
			}
			case ATTENTION -> {
				inField = "embed_dim";
				inSize = f.size(true, "embed_dim", "key_dim_total", "d_model");
				numHeads = (int) f.size(true, "num_heads");
				keyDim = f.size(false, "key_dim", "head_dim");
				valueDim = f.size(false, "value_dim");
				out = f.size(false, "output_dim", "output_shape");
				keyInput = f.size(false, "kdim");
				valueInput = f.size(false, "vdim");
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
				kernel = f.ints("kernel_size", rank, null, 1, this.json.limits.maxKernel(), "kernel_size", "pool_size");
				stride = f.ints("stride", rank, null, 1, this.json.limits.maxKernel(), "stride", "strides");
				if (stride.isEmpty() || stride.get(0) == null) {
					stride = kernel;
				}
				paddingMode = f.paddingMode();
				padding = paddingMode != null ? zeros(rank) : f.ints("padding", rank, 0, 0, this.json.limits.maxKernel(), "padding");
				dilation = zeros(rank).stream().map(z -> 1).toList();
			}
			case PAD -> padding = f.padPairs(rank, this.json.limits.maxKernel());
			case OPAQUE -> {
				if (f.has("out_channels", "channels")) {
					out = f.size(false, "out_channels", "channels");
				}
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
					this.json.fail(f.pointer + "/activation", "unknown activation '" + JsonFields.abbreviate(a) + "'");
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
				this.json.fail(f.pointer + "/" + f.usedName(inField), inField + " is " + inSize + " but the input of this layer has " + inferred
						+ " channels/features");
				return null;
			}
			if (inSize == TensorShape.UNKNOWN && kind.hasParameters()) {
				this.json.fail(f.pointer + "/" + inField, inField + " is required: it cannot be inferred (give input.shape or " + inField + ")");
				return null;
			}
		}
		else if (kind != LayerKind.EMBEDDING) {
			inSize = inferred;
		}
		if (kind == LayerKind.DEPTHWISE) {
			long expected = inSize * dm;
			if (out != TensorShape.UNKNOWN && out != expected) {
				this.json.fail(f.pointer + "/out_channels", "a depthwise conv on " + inSize + " channels with depth_multiplier " + dm + " has " + expected
						+ " outputs. Received: " + out);
				return null;
			}
			out = expected;
			groups = (int) inSize;
		}
		if (groups > 1) {
			if (inSize % groups != 0) {
				this.json.fail(f.pointer + "/groups", "groups=" + groups + " does not divide in_channels=" + inSize);
				return null;
			}
			if (out % groups != 0) {
				this.json.fail(f.pointer + "/groups", "groups=" + groups + " does not divide out_channels=" + out);
				return null;
			}
		}
		if (kind == LayerKind.GROUP_NORM && inSize % numGroups != 0) {
			this.json.fail(f.pointer + "/num_groups", "num_groups=" + numGroups + " does not divide num_channels=" + inSize);
			return null;
		}
		if (kind == LayerKind.ATTENTION) {
			// Keras' key_dim / value_dim / output_shape and torch's kdim / vdim; torch's head_dim is embed_dim / num_heads.
			if (keyDim == TensorShape.UNKNOWN && inSize % numHeads != 0) {
				this.json.fail(f.pointer + "/num_heads", "num_heads=" + numHeads + " does not divide embed_dim=" + inSize + " (or give key_dim)");
				return null;
			}
			keyDim = keyDim == TensorShape.UNKNOWN ? inSize / numHeads : keyDim;
			valueDim = valueDim == TensorShape.UNKNOWN ? keyDim : valueDim;
			out = out == TensorShape.UNKNOWN ? inSize : out;
			keyInput = keyInput == TensorShape.UNKNOWN ? inSize : keyInput;
			valueInput = valueInput == TensorShape.UNKNOWN ? inSize : valueInput;
			if (framework == Framework.PYTORCH && (keyDim * numHeads != inSize || valueDim != keyDim || out != inSize)) {
				this.json.fail(f.pointer + "/key_dim", "PyTorch's MultiheadAttention has key_dim = value_dim = embed_dim / num_heads and "
						+ "output_dim = embed_dim; key_dim, value_dim and output_dim are Keras' (framework keras)");
				return null;
			}
		}
		if (framework == Framework.DL4J && groups > 1 && kind != LayerKind.DEPTHWISE) {
			this.json.fail(f.pointer + "/groups", "DL4J has no grouped convolution; describe a depthwise layer as depthwise_conv2d");
			return null;
		}
		if (kind.hasParameters() && parameterCount(kind, inSize, out, kernel, groups, dm, vocabulary, numLayers) > this.json.limits.maxSize() * 64) {
			this.json.fail(f.pointer, "the layer has more parameters than the service audits (" + this.json.limits.maxSize() * 64 + ")");
			return null;
		}
		return new LayerConfig(inSize, out, kernel, stride, dilation, padding, paddingMode, outputPadding, groups, dm, dMul, bias, numLayers,
				bidirectional, vocabulary, numGroups, initValue, numHeads, activation, activationParam, normScale,
				kind == LayerKind.GLOBAL_POOL && f.bool(false, "keepdims"), keyDim, valueDim, keyInput, valueInput);
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

}
