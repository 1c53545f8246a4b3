package io.initaudit.imports;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.initaudit.model.InvalidModelException;
import io.initaudit.model.ModelDescription;
import io.initaudit.model.ModelReader;
import io.initaudit.model.ModelSources;
import io.initaudit.model.Violation;
import tools.jackson.databind.JsonNode;

/**
 * The importers behind {@link ModelSources}: each source's reader, and what they trip on turned into a 400.
 */
public final class ModelImports implements ModelSources {

	private final ModelReader reader = new ModelReader();

	/** A body read: the model, and the description document it was read from. */
	private record Read(ModelDescription model, JsonNode description) {
	}

	@Override
	public ModelDescription read(JsonNode body, Source source) {
		return readBoth(body, source).model();
	}

	@Override
	public JsonNode describe(JsonNode body, Source source) {
		return readBoth(body, source).description();
	}

	private Read readBoth(JsonNode body, Source source) {
		return switch (source) {
			case NATIVE -> new Read(this.reader.read(body), body);
			case KERAS -> readOnce(imported(() -> new KerasImporter().read(body), "Keras model.to_json() document"));
			case TORCH -> readOnce(imported(() -> new TorchManifestImporter().read(body), "PyTorch manifest"));
		};
	}

	/** The importer's description, read once; its problems point into the user's document. */
	private Read readOnce(ImportedModel imported) {
		try {
			return new Read(withNotes(this.reader.read(imported.description()), imported), imported.description());
		}
		catch (InvalidModelException ex) {
			throw inTheUsersDocument(ex, imported);
		}
	}

	/**
	 * Problems the reader found in the generated description, pointed into the user's document instead: the layer
	 * it came from ({@code /config/layers/42}, {@code /modules/7}) and the user's name for it.
	 */
	static InvalidModelException inTheUsersDocument(InvalidModelException ex, ImportedModel imported) {
		List<Violation> out = new ArrayList<>();
		for (Violation v : ex.violations()) {
			Matcher m = LAYER_POINTER.matcher(v.pointer());
			int i = m.matches() ? Integer.parseInt(m.group(1)) : -1;
			if (i >= 0 && i < imported.origins().size()) {
				ImportedModel.Origin o = imported.origins().get(i);
				out.add(new Violation(o.pointer(), o.name() + ": " + v.detail(), o.name()));
			}
			else {
				out.add(v);
			}
		}
		return new InvalidModelException(out);
	}

	private static final Pattern LAYER_POINTER = Pattern.compile("/layers/(\\d+)(/.*)?");

	/** Importers read untrusted documents of many shapes: anything they trip on is the document's fault, a 400. */
	private static ImportedModel imported(Supplier<ImportedModel> importer, String what) {
		try {
			return importer.get();
		}
		catch (InvalidModelException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			throw new InvalidModelException("", "The body is not a " + what + " InitAudit can read (" + ex.getClass().getSimpleName() + ")");
		}
	}

	private static ModelDescription withNotes(ModelDescription m, ImportedModel imported) {
		List<Violation> notes = new ArrayList<>(m.notes());
		imported.notes().forEach(n -> notes.add(new Violation("", n)));
		return new ModelDescription(m.name(), m.framework(), m.inputShape(), m.layers(), List.copyOf(notes));
	}

}
