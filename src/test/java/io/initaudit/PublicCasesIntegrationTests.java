package io.initaudit;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Every case of reference/public-cases.json, POSTed over real HTTP. Fans exact, stds to 1e-3 relative (the
 * file's own tolerance), the expected finding codes present. The cases are read from ../shared when it is there,
 * else from the copy in src/test/resources/reference.
 */
class PublicCasesIntegrationTests extends HttpIntegrationTest {

	static final double STD_TOLERANCE = 1e-3;

	static Stream<Arguments> cases() throws IOException {
		Path shared = Path.of("..", "shared", "reference", "public-cases.json");
		Path file = Files.exists(shared) ? shared : Path.of("src", "test", "resources", "reference", "public-cases.json");
		JsonNode root = JSON.readTree(Files.readString(file));
		List<Arguments> out = new ArrayList<>();
		root.get("cases").forEach(c -> out.add(Arguments.of(c.get("id").asString(), c)));
		return out.stream();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("cases")
	void auditMatchesTheReference(String id, JsonNode c) {
		HttpResponse<String> response = post("/api/v1/audits", c.get("request").toString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		assertThat(response.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).startsWith("/api/v1/audits/"));
		JsonNode report = json(response);
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
