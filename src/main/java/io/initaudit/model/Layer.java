package io.initaudit.model;

import java.util.List;
import java.util.Map;

import io.initaudit.core.Activation;
import org.jspecify.annotations.Nullable;

/**
 * One layer of a model description, validated and with its shapes inferred.
 *
 * @param index position in {@code layers}
 * @param name unique layer name
 * @param type layer type
 * @param framework whose semantics and weight layout apply (model level, overridable per layer)
 * @param inputs names of the layers feeding this one ({@value ModelDescription#INPUT} is the model input)
 * @param config sizes and options
 * @param init the declared {@code init} for the layer's weights, {@code null} for the framework default
 * @param biasInit the declared {@code bias_init}
 * @param inits per-parameter declarations ({@code inits})
 * @param intent what the user meant, if stated
 * @param measured user-measured statistics per parameter name ({@value #MAIN_PARAMETER} for the main weight)
 * @param inputShape inferred per-sample input shape
 * @param outputShape inferred per-sample output shape
 * @param following the nonlinearity that really follows the layer (its {@code activation}, or an activation
 * layer reached through norms and dropout), {@code null} when none is stated
 * @param followingParam negative slope / α of {@code following}
 */
public record Layer(int index, String name, LayerType type, Framework framework, List<String> inputs, LayerConfig config,
		@Nullable InitDecl init, @Nullable InitDecl biasInit, Map<String, InitDecl> inits, @Nullable Intent intent,
		Map<String, MeasuredStats> measured, TensorShape inputShape, TensorShape outputShape, @Nullable Activation following,
		double followingParam) {

	/** Key of {@code measured} statistics given without a parameter name: the layer's main weight. */
	public static final String MAIN_PARAMETER = "";

	public LayerKind kind() {
		return this.type.kind();
	}

	/** The JSON Pointer of this layer in the request. */
	public String pointer() {
		return "/layers/" + this.index;
	}

	Layer withFollowing(@Nullable Activation activation, double param) {
		return new Layer(this.index, this.name, this.type, this.framework, this.inputs, this.config, this.init, this.biasInit, this.inits,
				this.intent, this.measured, this.inputShape, this.outputShape, activation, param);
	}

}
