package io.initaudit.system;

/**
 * Thrown when a request body exceeds the configured size (answered with 413).
 */
public class BodyTooLargeException extends RuntimeException {

	public BodyTooLargeException(long limit) {
		super("The request body exceeds " + limit + " bytes");
	}

}
