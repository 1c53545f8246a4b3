package io.initaudit.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The JSON side of one read of a model description: typed field reads checked against {@link ModelReader.Limits}, and
 * the problems and notes they find, each with its JSON Pointer. Nothing is thrown here; the reader throws them all at
 * once.
 */
final class JsonFields {

	/** Fields the reader knows and deliberately ignores (they do not change the init). */
	private static final Set<String> IGNORED_FIELDS = Set.of("eps", "epsilon", "momentum", "affine", "elementwise_affine",
			"track_running_stats", "padding_mode", "batch_first", "data_format", "comment", "description", "dropout", "center",
			"scale", "trainable", "dtype", "return_sequences", "inplace", "device", "mode", "axis", "dim", "ceil_mode",
			"count_include_pad");

	final ModelReader.Limits limits;

	private final List<Violation> violations = new ArrayList<>();

	private final List<Violation> notes = new ArrayList<>();

	JsonFields(ModelReader.Limits limits) {
		this.limits = limits;
	}

	List<Violation> violations() {
		return this.violations;
	}

	List<Violation> notes() {
		return this.notes;
	}

	boolean full() {
		return this.violations.size() >= this.limits.maxViolations();
	}

	void fail(String pointer, String detail) {
		if (this.violations.size() < this.limits.maxViolations()) {
			this.violations.add(new Violation(pointer, detail));
		}
	}

	void note(String pointer, String detail) {
		if (this.notes.size() < 50) {
			this.notes.add(new Violation(pointer, detail));
		}
	}

	@Nullable String text(JsonNode node, String p, String field, boolean required) {
		JsonNode v = node.get(field);
		if (v == null || v.isNull()) {
			if (required) {
				fail(p + "/" + field, field + " is required");
			}
			return null;
		}
		if (!v.isString()) {
			fail(p + "/" + field, field + " must be a string");
			return null;
		}
		if (v.stringValue().length() > this.limits.maxInitLength()) {
			fail(p + "/" + field, field + " is too long");
			return null;
		}
		return v.stringValue();
	}

	@Nullable Long integer(@Nullable JsonNode v, String p, long min, long max) {
		if (v == null || !v.isNumber() || !(v.isIntegralNumber() || v.asDouble() == Math.rint(v.asDouble()))) {
			fail(p, "must be an integer");
			return null;
		}
		double d = v.asDouble();
		if (d < min || d > max) {
			fail(p, "must be between " + min + " and " + max + ". Received: " + v);
			return null;
		}
		return v.isIntegralNumber() ? v.asLong() : (long) d;
	}

	@Nullable Double finite(@Nullable JsonNode v, String p, double min, double max) {
		if (v == null || v.isNull()) {
			return null;
		}
		if (!v.isNumber() || !Double.isFinite(v.asDouble()) || v.asDouble() < min || v.asDouble() > max) {
			fail(p, "must be a number between " + min + " and " + max);
			return null;
		}
		return v.asDouble();
	}

	@Nullable Double positive(@Nullable JsonNode v, String p) {
		if (v == null || v.isNull()) {
			return null;
		}
		Double d = finite(v, p, 0.0, 1e9);
		if (d != null && d <= 0.0) {
			fail(p, "must be > 0");
			return null;
		}
		return d;
	}

	Framework framework(JsonNode node, String p, Framework fallback) {
		JsonNode f = node.get("framework");
		if (f == null || f.isNull()) {
			return fallback;
		}
		Framework fw = f.isString() ? Framework.fromName(f.stringValue()) : null;
		if (fw == null) {
			fail(p + "/framework", "framework must be one of pytorch, keras, tensorflow, jax, flax, dl4j. Received: " + abbreviate(f.toString()));
			return fallback;
		}
		return fw;
	}

	/** A name the stores and reports can hold: 1 to maxNameLength characters, none of them a control character. */
	boolean validName(String name) {
		return !name.isBlank() && name.length() <= this.limits.maxNameLength() && name.chars().noneMatch(Character::isISOControl);
	}

	/** A note for every field of {@code node} the reader neither used nor knowingly ignores. */
	void noteUnknown(JsonNode node, String p, Set<String> used) {
		for (String key : node.propertyNames()) {
			if (!used.contains(key) && !IGNORED_FIELDS.contains(key)) {
				note(p + "/" + escape(key), "unknown field '" + abbreviate(key) + "' was ignored");
			}
		}
	}

	/** The first of {@code names} present in {@code node}, all of them marked used. */
	static @Nullable JsonNode firstPresent(JsonNode node, Set<String> used, String... names) {
		for (String n : names) {
			used.add(n);
		}
		for (String n : names) {
			if (node.has(n)) {
				return node.get(n);
			}
		}
		return null;
	}

	/** RFC 6901: '~' → '~0', '/' → '~1'. */
	static String escape(String key) {
		return key.replace("~", "~0").replace("/", "~1");
	}

	static String bounded(String s) {
		return s.length() > 400 ? s.substring(0, 397) + "..." : s;
	}

	static String abbreviate(String s) {
		return s.length() > 60 ? s.substring(0, 57) + "..." : s;
	}

}
