package io.initaudit.nd4j;

import java.util.List;
import java.util.Map;

import io.initaudit.measure.Propagator.Tensor;
import io.initaudit.model.ModelDescription;
import io.initaudit.model.ModelReader;
import io.initaudit.semantics.Declarations;
import io.initaudit.semantics.ParameterSpec;
import io.initaudit.semantics.Parameters;
import io.initaudit.semantics.Thresholds;
import io.initaudit.trial.Dataset;
import io.initaudit.trial.Tasks;
import io.initaudit.trial.Trainer;
import io.initaudit.trial.TrialSpec;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A fixed-seed trial whose losses were recorded on 2026-11-22 (ND4J 1.0.0-M2.1, oneDNN natives, 2 threads): a change
 * of the native libraries, of the samplers or of the training loop shows up here. Tolerance 1e-4 relative: float
 * reductions may be summed in another order on another CPU, nothing more.
 */
@Tag("slow")
class GoldenTrialTests {

	/** Recorded: the loss at steps 0, 9 and 19. */
	static final double[] GOLDEN = { 1.430030345916748, 0.8407155871391296, 0.7292681932449341 };

	@Test
	void adamOnATinyMlpReproducesTheRecordedLosses() {
		ModelDescription model = new ModelReader().read(JsonMapper.builder().build().readTree("""
				{"framework": "pytorch", "input": {"shape": [8]}, "layers": [
				  {"name": "fc1", "type": "linear", "in_features": 8, "out_features": 16, "activation": "relu",
				   "init": "torch.nn.init.kaiming_normal_(w, nonlinearity='relu')"},
				  {"name": "fc2", "type": "linear", "in_features": 16, "out_features": 3}]}"""));
		Nd4jSampler sampler = new Nd4jSampler();
		Map<String, List<Tensor>> weights = new java.util.LinkedHashMap<>();
		for (var l : model.layers()) {
			List<Tensor> t = new java.util.ArrayList<>();
			for (ParameterSpec p : Parameters.of(l)) {
				var law = Declarations.assess(l, p, Thresholds.DEFAULT).assessment().declared();
				t.add(new Tensor(p, sampler.values(law, p.elements(), p.orthogonalRows(), p.orthogonalCols(), 17 + p.name().hashCode() + l.index())));
			}
			weights.put(l.name(), t);
		}
		Dataset data = Tasks.generate(new TrialSpec.Task("teacher-student", 3, 256, 5, false), new long[] { 8 }, 3);
		Trainer.Run run = new Nd4jTrainer().train(model, weights, data, new TrialSpec.Optimizer("adam", 0.01, 0.9), 20, 32, 7, (s, l) -> true);
		assertThat(run.losses()).hasSize(20);
		double[] got = { run.losses().get(0), run.losses().get(9), run.losses().get(19) };
		for (int i = 0; i < 3; i++) {
			assertThat(got[i]).isCloseTo(GOLDEN[i], within(Math.abs(GOLDEN[i]) * 1e-4));
		}
		assertThat(got[2]).isLessThan(got[0]);
	}
}
