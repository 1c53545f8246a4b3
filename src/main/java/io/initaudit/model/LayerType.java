package io.initaudit.model;

import java.util.Locale;

import io.initaudit.core.Activation;
import org.jspecify.annotations.Nullable;

/**
 * The layer {@code type}s of the model description (design/api.md §1).
 */
public enum LayerType {

	LINEAR("linear", LayerKind.LINEAR, 0),
	CONV1D("conv1d", LayerKind.CONV, 1),
	CONV2D("conv2d", LayerKind.CONV, 2),
	CONV3D("conv3d", LayerKind.CONV, 3),
	CONV_TRANSPOSE1D("conv_transpose1d", LayerKind.CONV_TRANSPOSE, 1),
	CONV_TRANSPOSE2D("conv_transpose2d", LayerKind.CONV_TRANSPOSE, 2),
	CONV_TRANSPOSE3D("conv_transpose3d", LayerKind.CONV_TRANSPOSE, 3),
	DEPTHWISE_CONV1D("depthwise_conv1d", LayerKind.DEPTHWISE, 1),
	DEPTHWISE_CONV2D("depthwise_conv2d", LayerKind.DEPTHWISE, 2),
	SEPARABLE_CONV1D("separable_conv1d", LayerKind.SEPARABLE, 1),
	SEPARABLE_CONV2D("separable_conv2d", LayerKind.SEPARABLE, 2),
	DO_CONV2D("do_conv2d", LayerKind.DO_CONV, 2),
	EMBEDDING("embedding", LayerKind.EMBEDDING, 0),
	LSTM("lstm", LayerKind.LSTM, 0),
	GRU("gru", LayerKind.GRU, 0),
	MULTIHEAD_ATTENTION("multihead_attention", LayerKind.ATTENTION, 0),
	BATCH_NORM("batch_norm", LayerKind.BATCH_NORM, 0),
	LAYER_NORM("layer_norm", LayerKind.LAYER_NORM, 0),
	GROUP_NORM("group_norm", LayerKind.GROUP_NORM, 0),
	LAYER_SCALE("layer_scale", LayerKind.LAYER_SCALE, 0),
	RELU("relu", LayerKind.ACTIVATION, 0),
	LEAKY_RELU("leaky_relu", LayerKind.ACTIVATION, 0),
	GELU("gelu", LayerKind.ACTIVATION, 0),
	SILU("silu", LayerKind.ACTIVATION, 0),
	MISH("mish", LayerKind.ACTIVATION, 0),
	TANH("tanh", LayerKind.ACTIVATION, 0),
	SIGMOID("sigmoid", LayerKind.ACTIVATION, 0),
	SELU("selu", LayerKind.ACTIVATION, 0),
	ELU("elu", LayerKind.ACTIVATION, 0),
	SOFTPLUS("softplus", LayerKind.ACTIVATION, 0),
	SOFTMAX("softmax", LayerKind.ACTIVATION, 0),
	IDENTITY("identity", LayerKind.ACTIVATION, 0),
	AVG_POOL1D("avg_pool1d", LayerKind.POOL, 1),
	AVG_POOL2D("avg_pool2d", LayerKind.POOL, 2),
	MAX_POOL1D("max_pool1d", LayerKind.POOL, 1),
	MAX_POOL2D("max_pool2d", LayerKind.POOL, 2),
	ZERO_PAD1D("zero_pad1d", LayerKind.PAD, 1),
	ZERO_PAD2D("zero_pad2d", LayerKind.PAD, 2),
	GLOBAL_AVG_POOL("global_avg_pool", LayerKind.GLOBAL_POOL, 0),
	FLATTEN("flatten", LayerKind.FLATTEN, 0),
	DROPOUT("dropout", LayerKind.DROPOUT, 0),
	ADD("add", LayerKind.ADD, 0),
	CONCAT("concat", LayerKind.CONCAT, 0),
	OPAQUE("opaque", LayerKind.OPAQUE, 0);

	private final String jsonName;

	private final LayerKind kind;

	private final int spatialRank;

	LayerType(String jsonName, LayerKind kind, int spatialRank) {
		this.jsonName = jsonName;
		this.kind = kind;
		this.spatialRank = spatialRank;
	}

	public String jsonName() {
		return this.jsonName;
	}

	public LayerKind kind() {
		return this.kind;
	}

	/** Number of spatial axes of a conv or pool (1, 2, 3); 0 for other layers. */
	public int spatialRank() {
		return this.spatialRank;
	}

	/** The activation an activation layer applies; {@code null} for other layers. */
	public @Nullable Activation activation() {
		return this.kind == LayerKind.ACTIVATION ? Activation.fromName(this.jsonName) : null;
	}

	public static @Nullable LayerType fromName(String name) {
		String n = name.toLowerCase(Locale.ROOT);
		for (LayerType t : values()) {
			if (t.jsonName.equals(n)) {
				return t;
			}
		}
		return switch (n) {
			case "dense" -> LINEAR;
			case "depthwise_conv", "dwconv2d" -> DEPTHWISE_CONV2D;
			case "separable_conv" -> SEPARABLE_CONV2D;
			case "doconv2d" -> DO_CONV2D;
			case "batchnorm", "batch_norm2d", "batch_norm1d", "batchnorm2d" -> BATCH_NORM;
			case "layernorm" -> LAYER_NORM;
			case "groupnorm" -> GROUP_NORM;
			case "global_average_pooling2d", "adaptive_avg_pool2d", "global_avg_pool2d" -> GLOBAL_AVG_POOL;
			case "swish" -> SILU;
			case "linear_activation" -> IDENTITY;
			case "mha", "attention" -> MULTIHEAD_ATTENTION;
			case "zero_pad", "zeropad2d", "zero_padding2d" -> ZERO_PAD2D;
			case "zeropad1d", "zero_padding1d" -> ZERO_PAD1D;
			default -> null;
		};
	}

}
