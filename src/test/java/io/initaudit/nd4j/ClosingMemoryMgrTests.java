package io.initaudit.nd4j;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import static org.assertj.core.api.Assertions.assertThat;

/** What a run's memory manager frees, and when. */
class ClosingMemoryMgrTests {

	@Test
	void freesWhatTheSessionHandsBackAtOnceAndTheRestButWhatIsKeptAtTheEnd() {
		ClosingMemoryMgr mgr = new ClosingMemoryMgr();
		INDArray handedBack = mgr.allocate(false, DataType.FLOAT, 4, 4);
		INDArray output = mgr.allocate(true, DataType.FLOAT, 8);
		INDArray intermediate = mgr.allocate(false, DataType.FLOAT, 2, 3);
		INDArray viewed = mgr.allocate(false, DataType.FLOAT, 2, 6);
		mgr.release(handedBack);
		assertThat(handedBack.wasClosed()).isTrue();
		mgr.release(handedBack); // a second release is a no-op
		// The caller keeps its output and a view of another array (a reshaped output shares its buffer).
		mgr.closeAllBut(List.of(output, viewed.reshape(3, 4)));
		assertThat(intermediate.wasClosed()).isTrue();
		assertThat(output.wasClosed()).isFalse();
		assertThat(viewed.wasClosed()).isFalse();
		assertThat(output.sumNumber().doubleValue()).isZero();
		// Everything allocated so far has been dealt with: a later call closes nothing of it.
		mgr.closeAllBut(List.of());
		assertThat(output.wasClosed()).isFalse();
	}

}
