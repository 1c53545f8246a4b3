package io.initaudit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.provider.Arguments;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The reference cases of reference/public-cases.json and what a report must say about each: fans exact, stds to 1e-3
 * relative (the file's own tolerance), the expected finding codes present.
 */
final class PublicCases {

	static final double STD_TOLERANCE = 1e-3;

	/** The copy committed with the tests. */
	static final Path COMMITTED = Path.of("src", "test", "resources", "reference", "public-cases.json");

	/** The shared copy, when the checkout has one beside it. */
	static final Path SHARED = Path.of("..", "shared", "reference", "public-cases.json");

	private PublicCases() {
	}

	/** Each case as (id, case). */
	static Stream<Arguments> from(Path file) {
		try {
			JsonNode root = JsonMapper.builder().build().readTree(Files.readString(file));
			List<Arguments> out = new ArrayList<>();
			root.get("cases").forEach(c -> out.add(Arguments.of(c.get("id").asString(), c)));
			return out.stream();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static void assertReportMatches(JsonNode c, JsonNode report) {
		JsonNode param = audited(report, c.get("parameter").isNull() ? null : c.get("parameter").asString());
		JsonNode expect = c.get("expect");
		assertThat(param.at("/fans/framework/fanIn").asDouble()).isEqualTo(expect.get("frameworkFans").get(0).asDouble());
		assertThat(param.at("/fans/framework/fanOut").asDouble()).isEqualTo(expect.get("frameworkFans").get(1).asDouble());
		assertThat(param.at("/fans/correct/fanIn").asDouble()).isEqualTo(expect.get("correctFans").get(0).asDouble());
		assertThat(param.at("/fans/correct/fanOut").asDouble()).isEqualTo(expect.get("correctFans").get(1).asDouble());
		double declared = expect.get("declaredStd").asDouble();
		assertThat(param.at("/declared/std").asDouble()).isCloseTo(declared, within(declared * STD_TOLERANCE));
		if (expect.has("intendedStd")) {
			double intended = expect.get("intendedStd").asDouble();
			assertThat(param.at("/intended/std").asDouble()).isCloseTo(intended, within(intended * STD_TOLERANCE));
		}
		List<String> codes = new ArrayList<>();
		param.get("findings").forEach(f -> codes.add(f.get("code").asString()));
		report.get("findings").forEach(f -> codes.add(f.get("code").asString()));
		expect.get("codes").forEach(code -> assertThat(codes).contains(code.asString()));
	}

	/** The parameter the case is about: the one whose name contains {@code part}, else the first with fans. */
	private static JsonNode audited(JsonNode report, String part) {
		for (JsonNode layer : report.get("layers")) {
			for (JsonNode p : layer.get("parameters")) {
				boolean match = part != null ? p.get("name").asString().contains(part) : !p.get("fans").isNull();
				if (match) {
					return p;
				}
			}
		}
		throw new AssertionError("No audited parameter" + (part == null ? "" : " named *" + part + "*") + " in " + report);
	}

}
