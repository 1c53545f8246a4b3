package io.initaudit.trial;

/**
 * Thrown when an {@code Idempotency-Key} comes back with a different request than the one it first created
 * (answered with 422).
 */
public class IdempotencyKeyReusedException extends RuntimeException {

	public IdempotencyKeyReusedException() {
		super("This Idempotency-Key was used for a different request; use a new key for a new trial");
	}

}
