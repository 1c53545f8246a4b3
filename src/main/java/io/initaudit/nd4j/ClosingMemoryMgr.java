package io.initaudit.nd4j;

import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.InferenceSession;
import org.nd4j.autodiff.samediff.internal.memory.NoOpMemoryMgr;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.LongShapeDescriptor;

/**
 * A SameDiff session memory manager that frees what a run hands back at once and remembers every other array it
 * allocates, so that a training step (or a propagation segment) can free them all once it has used what it asked for
 * ({@link #closeAllBut}). ND4J M2.1's default ({@code ArrayCacheMemoryMgr})
 * is handed back a few arrays per run (2 of about 40 in a step of the bars example) and leaves the rest to the garbage
 * collector: arrays are small Java objects over large native buffers, the heap rarely fills, and a 300-step trial's
 * RSS grew to 1.9 GB (docs/benchmarks.md).
 */
final class ClosingMemoryMgr extends NoOpMemoryMgr {

	private final Set<INDArray> allocated = Collections.newSetFromMap(new IdentityHashMap<>());

	@Override
	public INDArray allocate(boolean detached, DataType dataType, long... shape) {
		return remember(super.allocate(detached, dataType, shape));
	}

	@Override
	public INDArray allocate(boolean detached, LongShapeDescriptor descriptor) {
		return remember(super.allocate(detached, descriptor));
	}

	private INDArray remember(INDArray array) {
		this.allocated.add(array);
		return array;
	}

	/** The session is done with {@code array}: freed at once. */
	@Override
	public void release(INDArray array) {
		if (array != null && this.allocated.remove(array) && array.closeable()) {
			array.close();
		}
	}

	/**
	 * Closes every array allocated since the last call except those sharing a buffer with {@code keep} (the caller's
	 * outputs and gradients, views included); those are the caller's to close.
	 */
	void closeAllBut(Collection<INDArray> keep) {
		Map<DataBuffer, Boolean> kept = new IdentityHashMap<>();
		for (INDArray k : keep) {
			if (k != null) {
				kept.put(root(k.data()), true);
			}
		}
		for (INDArray a : this.allocated) {
			if (!kept.containsKey(root(a.data())) && a.closeable()) {
				a.close();
			}
		}
		this.allocated.clear();
	}

	/** The buffer that owns the memory of {@code b} (a view's buffer wraps its array's). */
	private static DataBuffer root(DataBuffer b) {
		DataBuffer at = b;
		while (at.underlyingDataBuffer() != null && at.underlyingDataBuffer() != at) {
			at = at.underlyingDataBuffer();
		}
		return at;
	}

	/** Runs of {@code sd}'s gradient function on the calling thread allocate through the returned manager. */
	static ClosingMemoryMgr install(SameDiff sd) {
		if (sd.getFunction("grad") == null) {
			sd.createGradFunction();
		}
		return installOn(sd.getFunction("grad"));
	}

	/** Forward runs ({@code output}) of {@code sd} on the calling thread allocate through the returned manager. */
	static ClosingMemoryMgr installForward(SameDiff sd) {
		return installOn(sd);
	}

	private static ClosingMemoryMgr installOn(SameDiff function) {
		InferenceSession session = new InferenceSession(function);
		ClosingMemoryMgr mgr = new ClosingMemoryMgr();
		session.setMmgr(mgr);
		function.getSessions().put(Thread.currentThread().getId(), session);
		return mgr;
	}

}
