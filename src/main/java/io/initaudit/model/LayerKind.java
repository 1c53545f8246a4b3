package io.initaudit.model;

/**
 * What a layer type does to its input, for shape inference and for deciding which parameters it has.
 */
public enum LayerKind {

	LINEAR, CONV, CONV_TRANSPOSE, DEPTHWISE, SEPARABLE, DO_CONV, EMBEDDING, LSTM, GRU, BATCH_NORM, LAYER_NORM, GROUP_NORM,
	LAYER_SCALE, ATTENTION, ACTIVATION, POOL, GLOBAL_POOL, FLATTEN, DROPOUT, ADD, CONCAT,

	/** Zero padding (negative: cropping) of the spatial axes. */
	PAD,

	/** A layer InitAudit does not model: no parameters audited, channels passed on, spatial sizes unknown after it. */
	OPAQUE;

	/** Whether the layer has parameters that an initializer writes. */
	public boolean hasParameters() {
		return switch (this) {
			case ACTIVATION, POOL, GLOBAL_POOL, FLATTEN, DROPOUT, ADD, CONCAT, PAD, OPAQUE -> false;
			default -> true;
		};
	}

	/** Whether the kind is a weight layer whose scale an initializer's fans decide. */
	public boolean isWeightLayer() {
		return switch (this) {
			case LINEAR, CONV, CONV_TRANSPOSE, DEPTHWISE, SEPARABLE, DO_CONV, EMBEDDING, LSTM, GRU, ATTENTION -> true;
			default -> false;
		};
	}

	/** Layers that keep the shape and pass a following activation through (norms, dropout). */
	public boolean isTransparentToActivation() {
		return this == BATCH_NORM || this == LAYER_NORM || this == GROUP_NORM || this == DROPOUT || this == LAYER_SCALE;
	}

}
