package io.initaudit.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Reads a model from a request body in the form its client sent: a model description, a Keras
 * {@code model.to_json()} document or the PyTorch exporter's manifest. Implemented by the importers.
 */
public interface ModelSources {

	/** What a body holds ({@code source=} on the API). */
	enum Source {

		NATIVE, KERAS, TORCH;

		public String jsonName() {
			return name().toLowerCase(Locale.ROOT);
		}

		/** The source named {@code text} ({@code native}, {@code keras}, {@code torch}), or {@code null}. */
		public static @Nullable Source parse(String text) {
			return Arrays.stream(values()).filter(s -> s.jsonName().equals(text)).findFirst().orElse(null);
		}

	}

	/**
	 * @throws InvalidModelException when the body is not a readable model of that source, pointing into the body
	 */
	ModelDescription read(JsonNode body, Source source);

	/**
	 * The body as a model description document (design/api.md §1): the body itself for {@link Source#NATIVE}, else what
	 * the importer made of it, the document {@link #read} reads. Stored where a model must be read again later (trials).
	 *
	 * @throws InvalidModelException as {@link #read}
	 */
	JsonNode describe(JsonNode body, Source source);

	/**
	 * The model in {@code body.field} of a larger request (propagation, trials): required, and every violation's pointer
	 * starts with {@code /field}.
	 */
	default ModelDescription readField(JsonNode body, String field, Source source) {
		return within(field, () -> read(body.get(field), source), body);
	}

	/** {@link #describe} of {@code body.field}, pointers as {@link #readField}. */
	default JsonNode describeField(JsonNode body, String field, Source source) {
		return within(field, () -> describe(body.get(field), source), body);
	}

	private static <T> T within(String field, Supplier<T> read, JsonNode body) {
		if (!body.isObject() || !body.path(field).isObject()) {
			throw new InvalidModelException("/" + field, field + " is required: a model description object, a Keras model.to_json() document "
					+ "or a PyTorch manifest (with source=keras or source=torch)");
		}
		try {
			return read.get();
		}
		catch (InvalidModelException ex) {
			throw ex.within(field);
		}
	}

}
