package io.initaudit.discovery;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.initaudit.model.ModelDescription;
import io.initaudit.model.ModelReader;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The bundled example models ({@code examples/*.json}), each checked by the model reader when the service starts.
 */
@Component
public class Examples {

	/** One example as listed. */
	public record Example(String name, String framework, String description, int layers) {
	}

	private final Map<String, JsonNode> documents;

	private final List<Example> index;

	Examples(JsonMapper json) {
		Map<String, JsonNode> docs = new TreeMap<>();
		List<Example> list = new ArrayList<>();
		ModelReader reader = new ModelReader();
		try {
			for (Resource r : new PathMatchingResourcePatternResolver().getResources("classpath*:examples/*.json")) {
				try (InputStream in = r.getInputStream()) {
					JsonNode doc = json.readTree(in);
					ModelDescription model = reader.read(doc);
					docs.put(model.name(), doc);
					list.add(new Example(model.name(), model.framework().jsonName(), doc.path("description").asString(""), model.layers().size()));
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		list.sort((a, b) -> a.name().compareTo(b.name()));
		this.documents = Collections.unmodifiableMap(docs);
		this.index = List.copyOf(list);
	}

	public List<Example> list() {
		return this.index;
	}

	public Optional<JsonNode> get(String name) {
		return Optional.ofNullable(this.documents.get(name));
	}

}
