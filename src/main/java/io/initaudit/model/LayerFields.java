package io.initaudit.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** Reads the fields of one layer object, remembering which names were used. */
final class LayerFields {

	private final JsonFields json;

	private final JsonNode node;

	final String pointer;

	private final Set<String> used;

	boolean failed;

	LayerFields(JsonFields json, JsonNode node, String pointer, Set<String> used) {
		this.json = json;
		this.node = node;
		this.pointer = pointer;
		this.used = used;
	}

	boolean has(String... names) {
		for (String n : names) {
			if (this.node.has(n) && !this.node.get(n).isNull()) {
				return true;
			}
		}
		return false;
	}

	String name(String... names) {
		for (String n : names) {
			if (this.node.has(n)) {
				return n;
			}
		}
		return names[0];
	}

	String usedName(String fallback) {
		for (String n : List.of("in_channels", "in_features", "input_dim", "input_size", "num_features", "normalized_shape", "num_channels",
				"dim")) {
			if (this.node.has(n)) {
				return n;
			}
		}
		return fallback;
	}

	void defaultIfMissing(String name) {
		this.used.add(name);
	}

	private @Nullable JsonNode get(String... names) {
		for (String n : names) {
			this.used.add(n);
		}
		for (String n : names) {
			JsonNode v = this.node.get(n);
			if (v != null && !v.isNull()) {
				return v;
			}
		}
		return null;
	}

	/** A positive size; {@value TensorShape#UNKNOWN} when absent and not required. */
	long size(boolean required, String... names) {
		JsonNode v = get(names);
		if (v == null) {
			if (required) {
				this.json.fail(this.pointer + "/" + names[0], names[0] + " is required for this layer type");
				this.failed = true;
			}
			return TensorShape.UNKNOWN;
		}
		Long l = this.json.integer(v, this.pointer + "/" + name(names), 1, this.json.limits.maxSize());
		if (l == null) {
			this.failed = true;
			return TensorShape.UNKNOWN;
		}
		return l;
	}

	/** A size given as an int or a list (LayerNorm's {@code normalized_shape}): the last entry. */
	long sizeOrLast(boolean required, String name) {
		JsonNode v = get(name);
		if (v != null && v.isArray()) {
			if (v.isEmpty()) {
				this.json.fail(this.pointer + "/" + name, name + " must not be empty");
				this.failed = true;
				return TensorShape.UNKNOWN;
			}
			Long l = this.json.integer(v.get(0), this.pointer + "/" + name + "/0", 1, this.json.limits.maxSize());
			return l == null ? TensorShape.UNKNOWN : l;
		}
		return size(required, name);
	}

	List<Integer> ints(String label, int rank, @Nullable Integer fallback, int min, int max, String... names) {
		JsonNode v = get(names);
		String p = this.pointer + "/" + name(names);
		if (v == null) {
			if (fallback == null) {
				if (!label.equals("stride")) {
					this.json.fail(p, label + " is required for this layer type");
					this.failed = true;
				}
				List<Integer> nulls = new ArrayList<>();
				for (int i = 0; i < rank; i++) {
					nulls.add(null);
				}
				return nulls;
			}
			return Collections.nCopies(rank, fallback);
		}
		if (v.isNumber()) {
			Long l = this.json.integer(v, p, min, max);
			if (l == null) {
				this.failed = true;
				return Collections.nCopies(rank, min);
			}
			return Collections.nCopies(rank, l.intValue());
		}
		if (v.isArray() && (v.size() == rank || v.size() == 1)) {
			List<Integer> out = new ArrayList<>();
			for (int i = 0; i < v.size(); i++) {
				Long l = this.json.integer(v.get(i), p + "/" + i, min, max);
				if (l == null) {
					this.failed = true;
					return Collections.nCopies(rank, min);
				}
				out.add(l.intValue());
			}
			return out.size() == rank ? out : Collections.nCopies(rank, out.get(0));
		}
		this.json.fail(p, label + " must be an integer or a list of " + rank + " integers");
		this.failed = true;
		return Collections.nCopies(rank, min);
	}

	/**
	 * A pad layer's {@code padding}: an integer (every side), {@code rank} integers (both sides of each axis) or
	 * {@code rank} pairs {@code [before, after]}; negative values crop. Returned as before, after per axis.
	 */
	List<Integer> padPairs(int rank, int max) {
		JsonNode v = get("padding");
		String p = this.pointer + "/padding";
		List<Integer> out = new ArrayList<>();
		if (v != null && v.isNumber()) {
			Long l = this.json.integer(v, p, -max, max);
			int n = l == null ? 0 : l.intValue();
			return Collections.nCopies(2 * rank, n);
		}
		if (v != null && v.isArray() && v.size() == rank) {
			for (int i = 0; i < rank; i++) {
				JsonNode axis = v.get(i);
				if (axis.isNumber()) {
					Long l = this.json.integer(axis, p + "/" + i, -max, max);
					out.add(l == null ? 0 : l.intValue());
					out.add(l == null ? 0 : l.intValue());
				}
				else if (axis.isArray() && axis.size() == 2) {
					for (int j = 0; j < 2; j++) {
						Long l = this.json.integer(axis.get(j), p + "/" + i + "/" + j, -max, max);
						out.add(l == null ? 0 : l.intValue());
					}
				}
				else {
					break;
				}
			}
			if (out.size() == 2 * rank) {
				return out;
			}
		}
		this.json.fail(p, "padding is required: an integer, " + rank + " integers or " + rank + " [before, after] pairs (negative values crop)");
		this.failed = true;
		return Collections.nCopies(2 * rank, 0);
	}

	@Nullable String paddingMode() {
		JsonNode v = get("padding");
		if (v != null && v.isString()) {
			String m = v.stringValue().toLowerCase(Locale.ROOT);
			if (!m.equals("same") && !m.equals("valid")) {
				this.json.fail(this.pointer + "/padding", "padding must be an integer, a list, 'same' or 'valid'");
				this.failed = true;
				return null;
			}
			return m;
		}
		return null;
	}

	boolean bool(boolean fallback, String... names) {
		JsonNode v = get(names);
		if (v == null) {
			return fallback;
		}
		if (!v.isBoolean()) {
			this.json.fail(this.pointer + "/" + name(names), name(names) + " must be true or false");
			this.failed = true;
			return fallback;
		}
		return v.asBoolean();
	}

	double number(double fallback, double min, double max, String... names) {
		JsonNode v = get(names);
		if (v == null) {
			return fallback;
		}
		Double d = this.json.finite(v, this.pointer + "/" + name(names), min, max);
		if (d == null) {
			this.failed = true;
			return fallback;
		}
		return d;
	}

	@Nullable String string(String name) {
		JsonNode v = get(name);
		if (v == null) {
			return null;
		}
		if (!v.isString()) {
			this.json.fail(this.pointer + "/" + name, name + " must be a string");
			this.failed = true;
			return null;
		}
		return v.stringValue();
	}

}
