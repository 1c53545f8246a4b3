package io.initaudit.model;

import java.util.Arrays;
import java.util.Locale;

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

}
