package io.initaudit.model;

import tools.jackson.databind.JsonNode;

/**
 * Optional scalar fields of a JSON request, read with their bounds; a wrong value is an {@link InvalidModelException}
 * whose JSON Pointer names the field. Absent or null fields take the fallback.
 */
public final class RequestFields {

	private RequestFields() {
	}

	public static String text(JsonNode node, String field, String fallback, String pointer) {
		JsonNode v = node.get(field);
		if (v == null || v.isNull()) {
			return fallback;
		}
		if (!v.isString()) {
			throw new InvalidModelException(pointer, field + " must be a string");
		}
		return v.asString();
	}

	public static long integer(JsonNode node, String field, long fallback, long min, long max, String pointer) {
		JsonNode v = node.get(field);
		if (v == null || v.isNull()) {
			return fallback;
		}
		if (!v.isIntegralNumber() || v.asDouble() < min || v.asDouble() > max) {
			throw new InvalidModelException(pointer, field + " must be an integer between " + min + " and " + max);
		}
		return v.asLong();
	}

	public static double number(JsonNode node, String field, double fallback, double min, double max, String pointer) {
		JsonNode v = node.get(field);
		if (v == null || v.isNull()) {
			return fallback;
		}
		if (!v.isNumber() || !(v.asDouble() >= min && v.asDouble() <= max)) {
			throw new InvalidModelException(pointer, field + " must be a number between " + min + " and " + max);
		}
		return v.asDouble();
	}

}
