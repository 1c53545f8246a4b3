package io.initaudit.model;

import org.jspecify.annotations.Nullable;

/**
 * One thing wrong with a request body: where (RFC 6901 JSON Pointer) and what, and for an imported model the user's
 * own layer it is about.
 */
public record Violation(String pointer, String detail, @Nullable String layer) {

	public Violation(String pointer, String detail) {
		this(pointer, detail, null);
	}

}
