package io.initaudit.system;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when a valid request cannot be served within the configured limits (answered with 422, naming the field).
 */
public class UnprocessableException extends RuntimeException {

	private final @Nullable String pointer;

	public UnprocessableException(@Nullable String pointer, String message) {
		super(message);
		this.pointer = pointer;
	}

	public @Nullable String pointer() {
		return this.pointer;
	}

}
