package io.initaudit;

import java.time.Instant;
import java.util.stream.Stream;

import io.initaudit.audit.AuditReport;
import io.initaudit.audit.Auditor;
import io.initaudit.model.ModelReader;
import io.initaudit.semantics.Thresholds;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every case of the committed copy of reference/public-cases.json, audited by {@link Auditor} alone (no HTTP, no
 * database), so a change to the engine fails in the unit phase. Same expectations as over HTTP ({@link PublicCases}).
 */
class PublicCasesTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static Stream<Arguments> cases() {
		return PublicCases.from(PublicCases.COMMITTED);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("cases")
	void auditorMatchesTheReference(String id, JsonNode c) {
		AuditReport report = new Auditor(Thresholds.DEFAULT).audit(new ModelReader().read(c.get("request")), id, Instant.EPOCH);
		PublicCases.assertReportMatches(c, JSON.valueToTree(report));
	}

}
