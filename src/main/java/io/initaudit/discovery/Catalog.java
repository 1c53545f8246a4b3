package io.initaudit.discovery;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.initaudit.model.Framework;
import io.initaudit.model.LayerType;
import io.initaudit.semantics.FindingCode;
import io.initaudit.semantics.Initializers;

/**
 * What the service understands, read from the catalogue itself so that it cannot drift.
 *
 * @param frameworks framework names
 * @param layerTypes layer {@code type}s
 * @param initializers recognised calls by dialect
 * @param findingCodes finding codes with a one-line summary and whether they are model-level
 */
public record Catalog(List<String> frameworks, List<String> layerTypes, Map<String, List<String>> initializers, List<Code> findingCodes) {

	/** One finding code. */
	public record Code(String code, String summary, boolean modelLevel, String help) {
	}

	public static Catalog current() {
		return new Catalog(Arrays.stream(Framework.values()).map(Framework::jsonName).toList(),
				Arrays.stream(LayerType.values()).map(LayerType::jsonName).toList(), Initializers.recognised(),
				Arrays.stream(FindingCode.values()).map(c -> new Code(c.name(), c.summary(), c.isModelLevel(), c.helpPath())).toList());
	}

}
