package io.initaudit.semantics;

import java.util.List;

import io.initaudit.core.Fans;
import io.initaudit.model.Framework;
import org.jspecify.annotations.Nullable;

/**
 * How a weight tensor's axes are laid out: which axis holds the outputs, which the inputs, which the kernel's spatial
 * extent. A framework's fan function and its orthogonal initializer read every tensor as if it had the layout that
 * framework assumes ({@link #assumedBy}); where the real layout differs (a PyTorch transposed conv) the fans come out
 * swapped. Shapes, fan functions, orthogonal block sizes and the permutation into ND4J's layout all derive from here.
 */
public enum WeightLayout {

	/** (out, in/groups, *kernel): PyTorch Linear, Conv, LSTM/GRU and attention matrices; DL4J convolutions. */
	OUT_IN_SPATIAL,

	/** (in, out/groups, *kernel): PyTorch and DL4J transposed convolutions. */
	IN_OUT_SPATIAL,

	/** (*kernel, in/groups, out): Keras, TensorFlow, JAX and Flax kernels (Flax's transposed conv too), DL4J dense W, embedding tables. */
	SPATIAL_IN_OUT,

	/** (*kernel, out, in): Keras' and TensorFlow's transposed convolutions. */
	SPATIAL_OUT_IN,

	/** (in, heads, head_dim): the query, key and value kernels of Keras' EinsumDense and Flax's DenseGeneral. */
	IN_HEADS,

	/** (heads, head_dim, out): their output kernel. */
	HEADS_OUT,

	/** No input or output axis: biases, normalization scales and shifts, DO-Conv's D. */
	VECTOR;

	/** The roles of an input and an output axis (spatial axes are numbered 0, 1, …). */
	private static final int IN = -1;

	private static final int OUT = -2;

	/** The layout a framework's own fan function and orthogonal initializer assume of every tensor. */
	public static WeightLayout assumedBy(Framework framework) {
		return framework == Framework.PYTORCH ? OUT_IN_SPATIAL : SPATIAL_IN_OUT;
	}

	/** Whether the output axis comes first (and stacked gate or q/k/v blocks are rows of the flattened matrix). */
	public boolean outAxisFirst() {
		return this == OUT_IN_SPATIAL;
	}

	/**
	 * The fans of {@code shape} read in this layout: the input and output axes times the product of the spatial axes;
	 * {@code null} for layouts without both axes or below rank 2.
	 */
	public @Nullable Fans fansOf(List<Long> shape) {
		int r = shape.size();
		if (r < 2 || this == IN_HEADS || this == HEADS_OUT || this == VECTOR) {
			return null;
		}
		int[] axes = roles(r);
		double rf = 1;
		long in = 0;
		long out = 0;
		for (int i = 0; i < r; i++) {
			switch (axes[i]) {
				case IN -> in = shape.get(i);
				case OUT -> out = shape.get(i);
				default -> rf *= shape.get(i);
			}
		}
		return Fans.of(in * rf, out * rf);
	}

	/**
	 * The matrix {@code framework}'s orthogonal initializer writes a tensor of this layout as: the framework's assumed
	 * layout decides, except that Flax's DenseGeneral calls its initializer on the kernel flattened to (inputs, features).
	 */
	public long[] orthogonalMatrix(Framework framework, List<Long> shape) {
		if (framework.isJaxFamily() && shape.size() == 3 && (this == IN_HEADS || this == HEADS_OUT)) {
			return this == IN_HEADS ? new long[] { shape.get(0), shape.get(1) * shape.get(2) } : new long[] { shape.get(0) * shape.get(1), shape.get(2) };
		}
		return assumedBy(framework).orthogonalMatrix(shape);
	}

	/**
	 * The matrix an orthogonal initializer that assumes this layout flattens {@code shape} to, as {rows, cols}: PyTorch's
	 * {@code orthogonal_} keeps dim 0 as rows, Keras' and JAX's keep the last axis as columns.
	 */
	public long[] orthogonalMatrix(List<Long> shape) {
		long n = 1;
		for (long d : shape) {
			n *= d;
		}
		if (shape.isEmpty()) {
			return new long[] { 1, 1 };
		}
		if (this == OUT_IN_SPATIAL || this == IN_OUT_SPATIAL) {
			long rows = shape.get(0);
			return new long[] { rows, rows == 0 ? 0 : n / rows };
		}
		long cols = shape.get(shape.size() - 1);
		return new long[] { cols == 0 ? 0 : n / cols, cols };
	}

	/**
	 * The axis permutation that takes a rank-{@code rank} tensor in this layout to {@code target} (as
	 * {@code INDArray.permute} takes it: axis i of the result is axis p[i] of this one).
	 */
	public int[] permutationTo(WeightLayout target, int rank) {
		int[] from = roles(rank);
		int[] to = target.roles(rank);
		int[] p = new int[rank];
		for (int i = 0; i < rank; i++) {
			p[i] = indexOf(from, to[i]);
		}
		return p;
	}

	/** Each axis' role: IN, OUT, or the spatial index 0, 1, … */
	private int[] roles(int rank) {
		if (this == IN_HEADS || this == HEADS_OUT || this == VECTOR) {
			throw new IllegalStateException(this + " has no input, output and spatial axes");
		}
		int[] roles = new int[rank];
		int spatial = rank - 2;
		int first = this == SPATIAL_IN_OUT || this == SPATIAL_OUT_IN ? 0 : 2;
		for (int s = 0; s < spatial; s++) {
			roles[first + s] = s;
		}
		int a = first == 0 ? spatial : 0;
		boolean inFirst = this == IN_OUT_SPATIAL || this == SPATIAL_IN_OUT;
		roles[a] = inFirst ? IN : OUT;
		roles[a + 1] = inFirst ? OUT : IN;
		return roles;
	}

	private static int indexOf(int[] roles, int role) {
		for (int i = 0; i < roles.length; i++) {
			if (roles[i] == role) {
				return i;
			}
		}
		throw new IllegalStateException("no axis with role " + role);
	}

}
