package io.initaudit.sampling;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Bounds how many samplings and propagations run at once, so concurrent requests cannot multiply native memory.
 */
public class MeasurementSlots {

	private final Semaphore slots;

	private final int timeoutSeconds;

	/**
	 * @param maxConcurrent work items running at once (at least 1)
	 * @param timeoutSeconds how long a caller waits for a slot before {@link MeasurementBusyException}
	 */
	public MeasurementSlots(int maxConcurrent, int timeoutSeconds) {
		this.slots = new Semaphore(Math.max(1, maxConcurrent), true);
		this.timeoutSeconds = timeoutSeconds;
	}

	public <T> T run(Supplier<T> work) {
		boolean acquired;
		try {
			acquired = this.slots.tryAcquire(this.timeoutSeconds, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new MeasurementBusyException(this.timeoutSeconds);
		}
		if (!acquired) {
			throw new MeasurementBusyException(this.timeoutSeconds);
		}
		try {
			return work.get();
		}
		finally {
			this.slots.release();
		}
	}

}
