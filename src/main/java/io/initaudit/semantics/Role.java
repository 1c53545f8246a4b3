package io.initaudit.semantics;

/**
 * What a parameter is for, which decides which declaration ({@code init}, {@code bias_init}) covers it.
 */
public enum Role {

	/** A kernel or weight matrix (input weights of an RNN, attention projections, embeddings included). */
	WEIGHT,

	/** The hidden-to-hidden matrix of an RNN. */
	RECURRENT,

	BIAS,

	/** Norm scale (γ): ones by default. */
	NORM_SCALE,

	/** Norm shift (β): zeros by default. */
	NORM_SHIFT,

	/** Layer scale γ. */
	LAYER_SCALE,

	/** DO-Conv's over-parameterization D (zeros plus a fixed identity). */
	DOCONV_D;

	/** Whether the scale of this parameter is judged against fans. */
	public boolean isFanScaled() {
		return this == WEIGHT || this == RECURRENT;
	}

}
