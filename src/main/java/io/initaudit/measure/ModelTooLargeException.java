package io.initaudit.measure;

/**
 * Thrown when a network is larger than measurement or propagation may handle (answered with 422).
 */
public class ModelTooLargeException extends RuntimeException {

	private final String pointer;

	public ModelTooLargeException(String pointer, String message) {
		super(message);
		this.pointer = pointer;
	}

	public String pointer() {
		return this.pointer;
	}

}
