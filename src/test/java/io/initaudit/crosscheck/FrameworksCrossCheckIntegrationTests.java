package io.initaudit.crosscheck;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.initaudit.HttpIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The differential cross-check (src/test/python/crosscheck/crosscheck.py) against this running service: every case
 * builds a real layer in torch, Keras 3, TensorFlow, JAX or Flax, applies the init as a user writes it, collects at
 * least 200,000 written values and the framework's own fan function, and compares the service's report (shape,
 * fans.framework, declared std to 4 standard errors, mean, bounds, law by kurtosis; ND4J's measure=true sample of
 * the same law for a sample of the cases). Expected numbers come from the frameworks themselves, installed into
 * .ci/python by the build (.ci/python-frameworks.txt). {@code -Dinitaudit.crosscheck.cases=N} runs more.
 */
@TestPropertySource(properties = { "initaudit.trial.worker-enabled=false", "initaudit.rate-limit.enabled=false" })
class FrameworksCrossCheckIntegrationTests extends HttpIntegrationTest {

	static final int CASES = Integer.getInteger("initaudit.crosscheck.cases", 1000);

	@Test
	void everyCaseAgreesWithTheRealFrameworks() throws Exception {
		Path python = Path.of(".ci", "python", "bin", "python3");
		assertThat(python).as("the frameworks' virtual environment is missing: the build makes it (.ci/test-tools)").exists();
		Path out = Path.of("target", "crosscheck-results.json");
		Process p = new ProcessBuilder(List.of(python.toString(), "src/test/python/crosscheck/crosscheck.py", "--service", "http://localhost:" + this.port,
				"--cases", Integer.toString(CASES), "--seed", "1", "--out", out.toString())).redirectErrorStream(true)
			.redirectOutput(Path.of("target", "crosscheck.log").toFile())
			.start();
		assertThat(p.waitFor(15, TimeUnit.MINUTES)).as("the cross-check finished").isTrue();
		String log = Files.readString(Path.of("target", "crosscheck.log"));
		assertThat(p.exitValue()).as("disagreements (target/crosscheck-results.json):\n" + tail(log)).isZero();
		JsonNode results = JSON.readTree(Files.readString(out));
		assertThat(results.at("/summary/cases").asInt()).isGreaterThanOrEqualTo(CASES);
		assertThat(results.at("/summary/disagreements").asInt()).isZero();
		Map<String, Integer> perFramework = new HashMap<>();
		Map<String, Integer> defaults = new HashMap<>();
		int measured = 0;
		for (JsonNode r : results.get("results")) {
			String fw = r.get("framework").asString();
			perFramework.merge(fw, 1, Integer::sum);
			if (!r.get("layer").has("init")) {
				defaults.merge(fw, 1, Integer::sum);
			}
			assertThat(r.get("n").asInt()).as(r.get("case").asString()).isGreaterThanOrEqualTo(200_000);
			if (r.has("measured")) {
				measured++;
			}
		}
		assertThat(perFramework.keySet()).containsExactlyInAnyOrder("pytorch", "keras", "tensorflow", "jax", "flax");
		assertThat(defaults.keySet()).contains("pytorch", "keras", "flax");
		assertThat(measured).as("cases also checked against ND4J's measure=true").isGreaterThan(20);
	}

	private static String tail(String log) {
		return log.length() > 6000 ? log.substring(log.length() - 6000) : log;
	}

}
