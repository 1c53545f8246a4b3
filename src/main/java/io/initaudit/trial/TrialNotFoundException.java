package io.initaudit.trial;

import io.initaudit.system.NotFoundException;

/**
 * Thrown when no trial has the requested id.
 */
public class TrialNotFoundException extends NotFoundException {

	public TrialNotFoundException(String id) {
		super("No trial with id '" + id + "'");
	}

}
