package io.initaudit.model;

import java.util.List;

/**
 * Thrown when a model description is malformed; carries every violation found, each with its JSON Pointer.
 */
public class InvalidModelException extends IllegalArgumentException {

	private final List<Violation> violations;

	public InvalidModelException(List<Violation> violations) {
		super(violations.isEmpty() ? "Invalid model description" : violations.get(0).pointer() + ": " + violations.get(0).detail());
		this.violations = List.copyOf(violations);
	}

	public InvalidModelException(String pointer, String detail) {
		this(List.of(new Violation(pointer, detail)));
	}

	public List<Violation> violations() {
		return this.violations;
	}

	/** The same violations, found in {@code body.field} of a larger request: each pointer starts with {@code /field}. */
	public InvalidModelException within(String field) {
		return new InvalidModelException(this.violations.stream().map(v -> new Violation("/" + field + v.pointer(), v.detail(), v.layer())).toList());
	}

}
