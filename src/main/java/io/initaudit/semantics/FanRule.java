package io.initaudit.semantics;

import io.initaudit.core.Fans;
import org.jspecify.annotations.Nullable;

/**
 * Which fans an initializer's own code reads. Most read the framework's fan function; a few compute their own.
 */
public enum FanRule {

	/** The framework's fan function on the weight's layout. */
	FRAMEWORK,

	/** timm {@code _init_weight_goog(fix_group_fanout=True)}: fan_out = K·Cout/groups, the correct one. */
	GOOG_GROUP_FIXED,

	/** PyTorch {@code RNNBase.reset_parameters}: 1/√hidden_size for every parameter, whatever its input size. */
	RNN_HIDDEN_SIZE;

	public @Nullable Fans fans(ParameterSpec p) {
		Fans fw = p.frameworkFans();
		Fans correct = p.correctFans();
		return switch (this) {
			case FRAMEWORK -> fw;
			case GOOG_GROUP_FIXED -> fw == null || correct == null ? fw : Fans.of(fw.fanIn(), correct.fanOut());
			case RNN_HIDDEN_SIZE -> correct == null ? fw : Fans.of(correct.fanOut(), correct.fanOut());
		};
	}

	/** The code that explains a fan-in that differs from the correct one under this rule. */
	public @Nullable FindingCode fanInDefect(ParameterSpec p) {
		return this == RNN_HIDDEN_SIZE ? FindingCode.RNN_DEFAULT_IGNORES_INPUT : p.fanInDefect();
	}

	public @Nullable FindingCode fanOutDefect(ParameterSpec p) {
		return switch (this) {
			case GOOG_GROUP_FIXED -> null;
			case RNN_HIDDEN_SIZE -> FindingCode.RNN_DEFAULT_IGNORES_INPUT;
			default -> p.fanOutDefect();
		};
	}

}
