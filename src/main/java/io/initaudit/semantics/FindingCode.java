package io.initaudit.semantics;

/**
 * The finding codes of design/findings.md. They are SARIF rule ids and part of the API contract: never rename.
 */
public enum FindingCode {

	FAN_OUT_IGNORES_GROUPS("fan_out taken from the weight shape counts all output channels, not Cout/groups"),
	FAN_IN_IGNORES_DEPTHWISE("a depthwise kernel laid out (k…, Cin, dm) gets fan_in Cin·K instead of K"),
	FAN_SWAPPED_TRANSPOSE("a transposed conv's weight layout swaps what fan_in and fan_out read"),
	FAN_OUT_DIVIDED_BY_STRIDE("fan_out divided by the stride product"),
	FAN_OUT_POINTWISE_USES_FAN_IN("a separable conv's pointwise fan_out is set to nIn·dm"),
	TRUNC_STD_PRE_TRUNCATION("the std argument is the parent normal's σ; samples truncated at ±2σ have 0.8796× that std"),
	TRUNC_BOUNDS_ABSOLUTE("trunc_normal_'s a and b are absolute values, not multiples of std"),
	FMOD_NOT_TRUNCATION("fmod/remainder of a normal folds the tails inward: not a truncated normal"),
	NONZERO_MEAN("the produced distribution is not centred"),
	UNIFORM_NOT_SYMMETRIC("uniform on [0, scale) instead of a symmetric interval"),
	BOUND_3_OVER_SQRT_FAN("uniform bound 3/√fan instead of √(3/fan): 3× the variance"),
	GAIN_MISMATCH("the gain used is not the gain of the nonlinearity that follows"),
	DEFAULT_INIT_NOT_HE("the framework default is not variance preserving for the activation that follows"),
	DOCONV_FAN_COUNTS_DMUL("DO-Conv initializes W with fan_in (Cin/g)·D_mul instead of (Cin/g)·M·N"),
	STACKED_FAN_OUT("several matrices stacked in one tensor, so fan_out counts every gate or projection"),
	ORTHOGONAL_NOT_PER_GATE("orthogonal init of a stacked recurrent kernel is not orthogonal per gate"),
	RNN_DEFAULT_IGNORES_INPUT("PyTorch's RNN default U(±1/√H) ignores the input size"),
	RNN_FANS_HARD_CODED("DL4J's LSTM uses fanIn = H and fanOut = nIn + H for every matrix, whatever its shape"),
	FANS_FROM_WRONG_AXES("axes that are not a receptive field (heads, key_dim, vocabulary) were read as fans"),
	UNKNOWN_INITIALIZER("the call could not be interpreted; the parameter is reported, not judged"),
	MEASURED_STD_MISMATCH("statistics measured in the user's framework do not match what the declared init should give"),
	RELATIVE_LR_IMBALANCE("weight stds differ so much between layers that one learning rate is effectively several"),
	GAIN_UNDEFINED("the activation has no gain in the framework; a computed second-moment gain is given"),
	RESIDUAL_VARIANCE_GROWTH("residual branches are not down-scaled, so variance grows with depth"),
	ACTIVATION_VARIANCE_EXPLODES("measured activation variance grows by more than the set factor across the network"),
	ACTIVATION_VARIANCE_VANISHES("measured activation variance shrinks by more than the set factor across the network"),
	FORGET_BIAS_DIFFERS("an LSTM's forget-gate bias differs from the other frameworks' default: a port changes training");

	/** Where the documentation of the finding codes lives, relative to the service root; a code's page is this plus its name. */
	public static final String HELP_PATH = "/docs/findings/";

	private final String summary;

	FindingCode(String summary) {
		this.summary = summary;
	}

	public String summary() {
		return this.summary;
	}

	/** The path of this code's documentation page, relative to the service root. */
	public String helpPath() {
		return HELP_PATH + name();
	}

	/** Whether the finding is about the whole model rather than one parameter. */
	public boolean isModelLevel() {
		return switch (this) {
			case RELATIVE_LR_IMBALANCE, GAIN_UNDEFINED, RESIDUAL_VARIANCE_GROWTH, ACTIVATION_VARIANCE_EXPLODES, ACTIVATION_VARIANCE_VANISHES,
					FORGET_BIAS_DIFFERS -> true;
			default -> false;
		};
	}

}
