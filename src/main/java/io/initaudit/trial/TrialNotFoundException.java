package io.initaudit.trial;

/**
 * Thrown when no trial has the requested id.
 */
public class TrialNotFoundException extends RuntimeException {

	public TrialNotFoundException(String id) {
		super("No trial with id '" + id + "'");
	}

}
