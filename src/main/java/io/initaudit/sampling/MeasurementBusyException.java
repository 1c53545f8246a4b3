package io.initaudit.sampling;

/**
 * Thrown when every measurement slot stayed busy for the whole queue timeout (answered with 503 and Retry-After).
 */
public class MeasurementBusyException extends RuntimeException {

	public MeasurementBusyException(int seconds) {
		super("All measurement slots are busy; retry in a few seconds (waited " + seconds + " s)");
	}

}
