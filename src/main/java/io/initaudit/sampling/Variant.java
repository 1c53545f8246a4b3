package io.initaudit.sampling;

import java.util.Map;

/**
 * Which init a network starts from: the declared one, InitAudit's correction, or custom calls for some layers
 * (the declared init elsewhere).
 *
 * @param name {@code declared}, {@code corrected} or the custom variant's own name
 * @param inits layer name → the initializer call its weights use instead of the declared one
 */
public record Variant(String name, Map<String, String> inits) {

	public static final Variant DECLARED = new Variant("declared", Map.of());

	public static final Variant CORRECTED = new Variant("corrected", Map.of());

	public Variant {
		inits = Map.copyOf(inits);
	}

	/** The variant named {@code declared} or {@code corrected} (any other name: a variant with no custom calls). */
	public static Variant named(String name) {
		return name.equals(DECLARED.name) ? DECLARED : name.equals(CORRECTED.name) ? CORRECTED : new Variant(name, Map.of());
	}

	public boolean isDeclared() {
		return this.name.equals(DECLARED.name) && this.inits.isEmpty();
	}

	public boolean isCorrected() {
		return this.name.equals(CORRECTED.name) && this.inits.isEmpty();
	}

}
