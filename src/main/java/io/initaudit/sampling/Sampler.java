package io.initaudit.sampling;

import java.util.List;

import io.initaudit.core.Distribution;

/**
 * Draws values from an initializer's law at a parameter's shape. Implemented by the ND4J adapter.
 */
public interface Sampler {

	/**
	 * Samples {@code min(elements(shape), cap)} values of {@code law} with a generator seeded by {@code seed}
	 * (same seed, same values). Orthogonal laws are sampled as whole matrices of at most {@code cap} entries.
	 *
	 * @throws TooLargeToSampleException when the law cannot be sampled within the cap
	 */
	SampleStats sample(Distribution law, List<Long> shape, long orthogonalRows, long orthogonalCols, int cap, long seed);

	/**
	 * All {@code rows × cols} values of {@code law} (no cap), in the order of the parameter's own layout: the weights
	 * of a network at initialization. An orthogonal law larger than the sampler can make exactly is replaced by a
	 * normal of the same std (said in the propagation's notes).
	 */
	float[] values(Distribution law, long elements, long orthogonalRows, long orthogonalCols, long seed);

	/** The backend and device, e.g. {@code cpu (nd4j-native, oneDNN, 2 threads)}. */
	String device();

	/** Thrown when a law cannot be sampled within the cap (an orthogonal matrix larger than the cap). */
	class TooLargeToSampleException extends RuntimeException {

		public TooLargeToSampleException(String message) {
			super(message);
		}

	}

}
