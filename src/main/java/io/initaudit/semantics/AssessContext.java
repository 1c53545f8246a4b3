package io.initaudit.semantics;

import io.initaudit.core.Activation;
import io.initaudit.model.Intent;
import io.initaudit.model.LayerKind;
import org.jspecify.annotations.Nullable;

/**
 * Everything an initializer's assessment needs besides the initializer: the parameter, the layer around it, the
 * stated intent and the thresholds.
 *
 * @param param the parameter
 * @param kind what the layer does
 * @param following the activation that really follows the layer, if stated
 * @param followingParam its slope / α
 * @param intent the user's {@code intent}, if given
 * @param thresholds severities
 * @param isDefault whether the init is the framework's default (nothing was declared)
 */
public record AssessContext(ParameterSpec param, LayerKind kind, @Nullable Activation following, double followingParam, @Nullable Intent intent,
		Thresholds thresholds, boolean isDefault) {

	/**
	 * The activation whose gain the weights should carry: none for recurrent, embedding and attention weights or
	 * before a softmax output; identity for the depthwise half of a separable conv, which has no nonlinearity
	 * between it and the pointwise half.
	 */
	public @Nullable Activation effectiveActivation() {
		boolean gated = this.kind == LayerKind.LSTM || this.kind == LayerKind.GRU || this.kind == LayerKind.EMBEDDING
				|| this.kind == LayerKind.ATTENTION;
		if (gated || this.following == Activation.SOFTMAX) {
			return null;
		}
		if (this.following != null && this.kind == LayerKind.SEPARABLE && this.param.name().startsWith("depthwise")) {
			return Activation.IDENTITY;
		}
		return this.following;
	}

}
