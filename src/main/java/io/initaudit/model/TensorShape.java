package io.initaudit.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A per-sample activation shape, channels first ({@code [C, H, W]}, {@code [C, L]}, {@code [features]});
 * {@value #UNKNOWN} marks a size that is not known (no {@code input.shape} was given).
 */
public record TensorShape(List<Long> dims) {

	public static final long UNKNOWN = -1;

	public TensorShape {
		dims = List.copyOf(dims);
	}

	public static TensorShape of(long... dims) {
		List<Long> l = new ArrayList<>();
		for (long d : dims) {
			l.add(d);
		}
		return new TensorShape(l);
	}

	/** A shape whose rank is known but none of whose sizes are. */
	public static TensorShape unknown(int rank) {
		long[] d = new long[rank];
		Arrays.fill(d, UNKNOWN);
		return of(d);
	}

	public int rank() {
		return this.dims.size();
	}

	/** Channels or features: the first axis. */
	public long channels() {
		return this.dims.isEmpty() ? UNKNOWN : this.dims.get(0);
	}

	public TensorShape withChannels(long channels) {
		List<Long> l = new ArrayList<>(this.dims);
		if (l.isEmpty()) {
			l.add(channels);
		}
		else {
			l.set(0, channels);
		}
		return new TensorShape(l);
	}

	public List<Long> spatial() {
		return this.dims.isEmpty() ? List.of() : this.dims.subList(1, this.dims.size());
	}

	/**
	 * Number of elements, or {@value #UNKNOWN} if any size is unknown; {@link Long#MAX_VALUE} when the product does not
	 * fit in a long (the reader refuses such shapes, so only an unchecked shape can get there).
	 */
	public long elements() {
		long n = 1;
		boolean overflow = false;
		for (long d : this.dims) {
			if (d < 0) {
				return UNKNOWN;
			}
			long next = n * d;
			overflow |= d != 0 && (next / d != n || next < 0);
			n = next;
		}
		return overflow ? Long.MAX_VALUE : n;
	}

	/** Whether two shapes can be the same tensor shape (unknown sizes match anything). */
	public boolean compatibleWith(TensorShape other) {
		if (other.rank() != rank()) {
			return false;
		}
		for (int i = 0; i < rank(); i++) {
			long a = this.dims.get(i);
			long b = other.dims.get(i);
			if (a >= 0 && b >= 0 && a != b) {
				return false;
			}
		}
		return true;
	}

	/**
	 * The shape in words no data layout can misread: {@code 64 channels × 56 × 56}, {@code 768 features},
	 * {@code ? channels × ? × ?}.
	 */
	public String describe() {
		if (this.dims.isEmpty()) {
			return "an unknown shape";
		}
		StringBuilder sb = new StringBuilder(size(channels())).append(rank() == 1 ? " features" : " channels");
		for (long d : spatial()) {
			sb.append(" × ").append(size(d));
		}
		return sb.toString();
	}

	private static String size(long d) {
		return d < 0 ? "?" : Long.toString(d);
	}

	@Override
	public String toString() {
		return this.dims.toString();
	}

}
