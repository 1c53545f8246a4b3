package io.initaudit.measure;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.springframework.stereotype.Component;

/**
 * Bounds how many samplings and propagations run at once, so concurrent requests cannot multiply native memory.
 */
@Component
public class MeasurementSlots {

	private final Semaphore slots;

	private final int timeoutSeconds;

	MeasurementSlots(MeasureSettings settings) {
		this.slots = new Semaphore(Math.max(1, settings.maxConcurrent()), true);
		this.timeoutSeconds = settings.queueTimeoutSeconds();
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
