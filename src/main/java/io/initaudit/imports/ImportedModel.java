package io.initaudit.imports;

import java.util.List;

import tools.jackson.databind.node.ObjectNode;

/**
 * A model description produced by an importer, with what it could not carry over.
 *
 * @param description the model description (design/api.md §1) as a JSON tree
 * @param notes what was approximated or left out, for the report's notes
 * @param origins per layer of the description, where it came from in the user's document (for problems found later)
 */
public record ImportedModel(ObjectNode description, List<String> notes, List<Origin> origins) {

	public ImportedModel(ObjectNode description, List<String> notes) {
		this(description, notes, List.of());
	}

	/** A description layer's source: a JSON Pointer into the user's document, and the user's name for it. */
	public record Origin(String pointer, String name) {
	}

}
