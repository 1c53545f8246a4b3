package io.initaudit.system;

/**
 * Thrown by web adapters when the addressed resource does not exist (answered with 404).
 */
public class NotFoundException extends RuntimeException {

	public NotFoundException(String message) {
		super(message);
	}

}
