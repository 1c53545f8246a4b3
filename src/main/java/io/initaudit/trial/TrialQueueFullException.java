package io.initaudit.trial;

/**
 * Thrown when the queue holds as many trials as it accepts (answered with 429 and Retry-After).
 */
public class TrialQueueFullException extends RuntimeException {

	public TrialQueueFullException(long limit) {
		super("The trial queue is full (" + limit + " queued or running); retry later");
	}

}
