package io.initaudit;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every case of reference/public-cases.json, POSTed over real HTTP ({@link PublicCases} says what must hold). The
 * cases are read from ../shared when it is there, else from the copy in src/test/resources/reference.
 */
class PublicCasesIntegrationTests extends HttpIntegrationTest {

	static Stream<Arguments> cases() {
		return PublicCases.from(Files.exists(PublicCases.SHARED) ? PublicCases.SHARED : PublicCases.COMMITTED);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("cases")
	void auditMatchesTheReference(String id, JsonNode c) {
		HttpResponse<String> response = post("/api/v1/audits", c.get("request").toString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		assertThat(response.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).startsWith("/api/v1/audits/"));
		PublicCases.assertReportMatches(c, json(response));
	}

}
