package io.initaudit.semantics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One thing wrong (or worth knowing) about a parameter or a model, with the numbers that show it.
 */
public record Finding(FindingCode code, Severity severity, String message, Map<String, Object> evidence) {

	public Finding {
		evidence = Collections.unmodifiableMap(new LinkedHashMap<>(evidence));
	}

}
