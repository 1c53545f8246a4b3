package io.initaudit.system;

import org.jspecify.annotations.Nullable;

/**
 * Thrown by web adapters for a bad query parameter or header (answered with 400, naming the parameter).
 */
public class BadRequestException extends RuntimeException {

	private final @Nullable String pointer;

	public BadRequestException(@Nullable String pointer, String message) {
		super(message);
		this.pointer = pointer;
	}

	public @Nullable String pointer() {
		return this.pointer;
	}

}
