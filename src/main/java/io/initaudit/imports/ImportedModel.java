package io.initaudit.imports;

import java.util.List;

import tools.jackson.databind.node.ObjectNode;

/**
 * A model description produced by an importer, with what it could not carry over.
 *
 * @param description the model description (design/api.md §1) as a JSON tree
 * @param notes what was approximated or left out, for the report's notes
 */
public record ImportedModel(ObjectNode description, List<String> notes) {
}
