package io.initaudit.semantics;

/**
 * Thrown when an initializer string is not an expression the safe reader accepts.
 */
public class UnreadableCallException extends IllegalArgumentException {

	public UnreadableCallException(String message) {
		super(message);
	}

}
