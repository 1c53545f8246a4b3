package io.initaudit.nd4j;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.initaudit.trial.TrialSpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The trainer's SGD, momentum, RMSprop and Adam against torch.optim itself (src/test/python/crosscheck/optimizers.py,
 * torch from .ci/python): the same two float32 parameters, the same three gradients (written by the script, read
 * here), in step 2 no gradient for the second parameter (torch: grad None, skipped with its state). Expected: torch's
 * parameters after each step. Tolerance 2e-6 relative plus 1e-7 absolute: both sides compute in float32, in an order
 * of operations that may differ by an ulp or two per op.
 */
class OptimizerTorchIntegrationTests {

	static JsonNode torch;

	@BeforeAll
	static void runTorch() throws Exception {
		Path python = Path.of(".ci", "python", "bin", "python3");
		assertThat(python).as("the frameworks' virtual environment is missing: the build makes it (.ci/test-tools)").exists();
		Path out = Path.of("target", "optimizers-torch.json");
		Path log = Path.of("target", "optimizers-torch.log");
		Process p = new ProcessBuilder(List.of(python.toString(), "src/test/python/crosscheck/optimizers.py", out.toString())).redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
		assertThat(p.exitValue()).as(Files.readString(log)).isZero();
		torch = JsonMapper.builder().build().readTree(Files.readString(out));
	}

	@ParameterizedTest
	@ValueSource(strings = { "sgd", "momentum", "rmsprop", "adam" })
	void stepsAsTorchOptimDoes(String name) {
		SameDiff sd = SameDiff.create();
		sd.var("a", Nd4j.create(floats(torch.get("a0")), new long[] { 2, 3 }, 'c'));
		sd.var("b", Nd4j.create(floats(torch.get("b0")), new long[] { 3 }, 'c'));
		Nd4jTrainer.Optimizer opt = new Nd4jTrainer.Optimizer(new TrialSpec.Optimizer(name, torch.get("lr").asDouble(), torch.get("momentum").asDouble()), sd,
				List.of("a", "b"));
		JsonNode gradients = torch.get("gradients");
		for (int t = 0; t < gradients.size(); t++) {
			Map<String, INDArray> g = new HashMap<>();
			g.put("a", Nd4j.create(floats(gradients.get(t).get("a")), new long[] { 2, 3 }, 'c'));
			if (!gradients.get(t).get("b").isNull()) {
				g.put("b", Nd4j.create(floats(gradients.get(t).get("b")), new long[] { 3 }, 'c'));
			}
			opt.apply(g);
			JsonNode expected = torch.at("/after/" + name + "/" + t);
			for (String p : List.of("a", "b")) {
				float[] got = sd.getVariable(p).getArr().dup().data().asFloat();
				float[] want = floats(expected.get(p));
				for (int i = 0; i < want.length; i++) {
					assertThat(got[i]).as("%s after step %d, %s[%d] (torch %s)", name, t + 1, p, i, torch.get("torch").asString())
						.isCloseTo(want[i], within(2e-6f * Math.abs(want[i]) + 1e-7f));
				}
			}
		}
	}

	private static float[] floats(JsonNode array) {
		float[] f = new float[array.size()];
		for (int i = 0; i < f.length; i++) {
			f[i] = (float) array.get(i).asDouble();
		}
		return f;
	}

}
