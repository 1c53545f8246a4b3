package io.initaudit.system;

import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/**
 * The model description as documented in the OpenAPI document (design/api.md §1). Requests are read by
 * {@code ModelReader}, which accepts both PyTorch and Keras spellings; this type only describes them.
 */
@Schema(name = "ModelDescription", description = "A network: layers in topological order, with sizes, declared initializers and intent.")
public record ModelDescriptionSchema(@Schema(example = "convnext-block") @Nullable String name,
		@Schema(description = "Whose semantics the declared inits have, and the weight layout.", allowableValues = { "pytorch", "keras", "tensorflow",
				"jax", "flax", "dl4j" }, defaultValue = "pytorch") @Nullable String framework,
		@Nullable InputSchema input, @Schema(requiredMode = Schema.RequiredMode.REQUIRED, maxLength = 4096) List<LayerSchema> layers) {

	/** The per-sample input shape. */
	@Schema(name = "ModelInput")
	public record InputSchema(@Schema(description = "Per-sample shape, channels first: [C, H, W], [C, L] or [features].", example = "[96, 56, 56]") List<Integer> shape) {
	}

	/** One layer; size fields accept PyTorch and Keras names. */
	@Schema(name = "Layer", description = "One layer. Unknown fields are ignored and listed in the report's notes.")
	public record LayerSchema(@Schema(example = "dw") @Nullable String name,
			@Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = { "linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d",
					"conv_transpose2d", "conv_transpose3d", "depthwise_conv1d", "depthwise_conv2d", "separable_conv1d", "separable_conv2d", "do_conv2d",
					"embedding", "lstm", "gru", "multihead_attention", "batch_norm", "layer_norm", "group_norm", "layer_scale", "relu", "leaky_relu",
					"gelu", "silu", "mish", "tanh", "sigmoid", "selu", "elu", "softplus", "softmax", "identity", "avg_pool1d", "avg_pool2d",
					"max_pool1d", "max_pool2d", "zero_pad1d", "zero_pad2d", "global_avg_pool", "flatten", "dropout", "add", "concat", "opaque" }, description = "opaque: a layer InitAudit does not model (importers write it for unknown layers); its channels pass on, the spatial sizes after it are unknown, and nothing is propagated through it.") String type,
			@Schema(description = "Overrides the model's framework for this layer.") @Nullable String framework,
			@Schema(description = "Names of the layers feeding this one; '@input' is the model input. Default: the previous layer.") @Nullable List<String> inputs,
			@Schema(description = "Input channels (inferred from the graph when absent).") @Nullable Integer in_channels,
			@Nullable Integer out_channels, @Schema(description = "Keras spelling of out_channels.") @Nullable Integer filters,
			@Nullable Integer in_features, @Nullable Integer out_features, @Schema(description = "Keras spelling of out_features / hidden_size.") @Nullable Integer units,
			@Schema(description = "An int or a list of ints.", oneOf = { Integer.class, Integer[].class }) @Nullable Object kernel_size,
			@Schema(oneOf = { Integer.class, Integer[].class }) @Nullable Object stride,
			@Schema(description = "An int, a list of ints, 'same' or 'valid'. For zero_pad1d/zero_pad2d: an int, one int per spatial axis, or one [before, after] pair per spatial axis; negative values crop.", oneOf = {
					Integer.class, Integer[].class, String.class }) @Nullable Object padding,
			@Schema(oneOf = { Integer.class, Integer[].class }) @Nullable Object dilation, @Schema(defaultValue = "1") @Nullable Integer groups,
			@Schema(defaultValue = "1") @Nullable Integer depth_multiplier, @Schema(description = "DO-Conv's D_mul (default M·N).") @Nullable Integer d_mul,
			@Schema(defaultValue = "true") @Nullable Boolean bias, @Nullable Integer num_embeddings, @Nullable Integer embedding_dim,
			@Nullable Integer input_size, @Nullable Integer hidden_size, @Schema(defaultValue = "1") @Nullable Integer num_layers,
			@Schema(defaultValue = "false") @Nullable Boolean bidirectional, @Nullable Integer num_features, @Nullable Integer normalized_shape,
			@Nullable Integer num_groups, @Nullable Integer num_channels, @Schema(description = "Layer scale's initial γ.", defaultValue = "1e-5") @Nullable Double init_value,
			@Schema(description = "Attention: the query's features.") @Nullable Integer embed_dim, @Nullable Integer num_heads,
			@Schema(description = "Attention: each head's query/key size (Keras key_dim; default embed_dim / num_heads).") @Nullable Integer key_dim,
			@Schema(description = "Attention: each head's value size (default key_dim).") @Nullable Integer value_dim,
			@Schema(description = "Attention: the output's features (Keras output_shape; default embed_dim).") @Nullable Integer output_dim,
			@Schema(description = "Attention: the key input's features (default embed_dim).") @Nullable Integer kdim,
			@Schema(description = "Attention: the value input's features (default embed_dim).") @Nullable Integer vdim,
			@Schema(description = "The nonlinearity that follows the layer.", example = "relu") @Nullable String activation,
			@Schema(description = "LeakyReLU slope.", defaultValue = "0.01") @Nullable Double negative_slope,
			@Schema(description = "The init call as written in code, or a Keras serialized initializer {class_name, config}. Absent: the framework default.", oneOf = {
					String.class, SerializedInitializer.class }, example = "torch.nn.init.kaiming_normal_(w, mode='fan_out', nonlinearity='relu')") @Nullable Object init,
			@Schema(oneOf = { String.class, SerializedInitializer.class }) @Nullable Object bias_init,
			@Schema(description = "Per-parameter initializers, by parameter name (weight, depthwise_kernel, pointwise_kernel, weight_hh, recurrent_kernel …).") @Nullable Map<String, Object> inits,
			@Nullable IntentSchema intent,
			@Schema(description = "Statistics of the weights as initialized in the user's framework: {std, mean, min, max, count, kurtosis}, or parameter name → those; importers add `recognition` {init, likelihood, sure, candidates}, which the report repeats under userMeasured.") @Nullable Map<String, Object> measured) {
	}

	/** Keras' serialized initializer. */
	@Schema(name = "SerializedInitializer")
	public record SerializedInitializer(@Schema(example = "VarianceScaling") String class_name,
			@Schema(example = "{\"scale\": 2.0, \"mode\": \"fan_in\", \"distribution\": \"truncated_normal\"}") @Nullable Map<String, Object> config) {
	}

	/** What the user meant. */
	@Schema(name = "Intent")
	public record IntentSchema(@Schema(allowableValues = { "he", "xavier", "lecun", "fixed" }) String scheme,
			@Schema(allowableValues = { "fan_in", "fan_out", "fan_avg" }) @Nullable String mode, @Nullable Double gain, @Nullable Double std) {
	}

}
