package io.initaudit.trial;

import java.util.Locale;

/**
 * Where a trial is in its life: queued → running → succeeded | failed | cancelled (running → queued again when its
 * worker is lost).
 */
public enum TrialStatus {

	QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED;

	public String jsonName() {
		return name().toLowerCase(Locale.ROOT);
	}

	public boolean isTerminal() {
		return this == SUCCEEDED || this == FAILED || this == CANCELLED;
	}

}
