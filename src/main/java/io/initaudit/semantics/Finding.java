package io.initaudit.semantics;

import java.util.Map;

/**
 * One thing wrong (or worth knowing) about a parameter or a model, with the numbers that show it.
 */
public record Finding(FindingCode code, Severity severity, String message, Map<String, Object> evidence) {

	public Finding {
		evidence = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(evidence));
	}

}
