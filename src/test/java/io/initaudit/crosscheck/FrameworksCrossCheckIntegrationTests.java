package io.initaudit.crosscheck;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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
		Map<String, Set<String>> defaults = new HashMap<>();
		Map<String, Set<String>> declared = new HashMap<>();
		int measured = 0;
		for (JsonNode r : results.get("results")) {
			String fw = r.get("framework").asString();
			perFramework.merge(fw, 1, Integer::sum);
			JsonNode layer = r.get("layer");
			boolean isDefault = !layer.has("init") && !layer.has("inits");
			(isDefault ? defaults : declared).computeIfAbsent(fw, k -> new TreeSet<>()).add(layer.get("type").asString());
			// A constant law (a bias at zero, a forget gate at one) writes the same values on every draw: a few draws suffice.
			JsonNode d = r.path("service");
			boolean deterministic = d.path("std").asDouble(1) == 0 || d.path("family").asString("").equals("piecewise_constant");
			if (!deterministic) {
				assertThat(r.get("n").asInt()).as(r.get("case").asString()).isGreaterThanOrEqualTo(200_000);
			}
			if (r.has("measured")) {
				measured++;
			}
		}
		assertThat(perFramework.keySet()).containsExactlyInAnyOrder("pytorch", "keras", "tensorflow", "jax", "flax");
		// Every framework default for every layer type the service models in that framework.
		Set<String> torch = Set.of("linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d", "embedding", "lstm",
				"gru", "multihead_attention", "batch_norm", "layer_norm", "group_norm");
		Set<String> keras = new TreeSet<>(torch);
		keras.addAll(Set.of("depthwise_conv1d", "depthwise_conv2d", "separable_conv1d", "separable_conv2d"));
		Set<String> tensorflow = new TreeSet<>(keras);
		tensorflow.remove("multihead_attention");
		Set<String> flax = Set.of("linear", "conv1d", "conv2d", "conv_transpose2d", "embedding", "lstm", "gru", "multihead_attention", "batch_norm",
				"layer_norm", "group_norm");
		assertThat(defaults.get("pytorch")).containsAll(torch);
		assertThat(defaults.get("keras")).containsAll(keras);
		assertThat(defaults.get("tensorflow")).containsAll(tensorflow);
		assertThat(defaults.get("flax")).containsAll(flax);
		// Declared inits on every weight layer type (the normalizations only have defaults here).
		assertThat(declared.get("pytorch")).containsAll(Set.of("linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d",
				"conv_transpose3d", "embedding", "lstm", "gru", "multihead_attention"));
		assertThat(declared.get("keras")).contains("depthwise_conv2d", "separable_conv2d", "lstm", "embedding", "multihead_attention");
		assertThat(declared.get("jax")).contains("linear", "conv2d");
		assertThat(declared.get("flax")).contains("lstm", "multihead_attention");
		assertThat(measured).as("cases also checked against ND4J's measure=true").isGreaterThan(20);
	}

	private static String tail(String log) {
		return log.length() > 6000 ? log.substring(log.length() - 6000) : log;
	}

}
