package io.initaudit.semantics;

import java.util.Locale;

/**
 * How much a finding matters: {@code error} when the std is more than the error threshold (20%) away from the
 * intended one, {@code warning} for a smaller but real deviation, {@code info} for advice.
 */
public enum Severity {

	INFO, WARNING, ERROR;

	public String jsonName() {
		return name().toLowerCase(Locale.ROOT);
	}

	public boolean atLeast(Severity other) {
		return compareTo(other) >= 0;
	}

}
