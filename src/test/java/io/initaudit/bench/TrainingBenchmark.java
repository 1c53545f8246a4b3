package io.initaudit.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import io.initaudit.model.Layer;
import io.initaudit.model.ModelDescription;
import io.initaudit.model.ModelReader;
import io.initaudit.nd4j.Nd4jRuntime;
import io.initaudit.nd4j.Nd4jSampler;
import io.initaudit.nd4j.Nd4jTrainer;
import io.initaudit.sampling.InitialWeights;
import io.initaudit.sampling.Variant;
import io.initaudit.semantics.ParameterSpec;
import io.initaudit.semantics.Parameters;
import io.initaudit.trial.Dataset;
import io.initaudit.trial.Tasks;
import io.initaudit.trial.Trainer;
import io.initaudit.trial.TrialSpec;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import tools.jackson.databind.json.JsonMapper;

/**
 * The default trial (2 variants × 200 steps, batch 64, the small conv net on synthetic-bars, Adam) on the ND4J
 * trainer, with its achieved FLOP/s next to a plain ND4J 1024³ float matrix multiply in the same JVM.
 * Run by bench/trial.sh.
 */
public final class TrainingBenchmark {

	private TrainingBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		Nd4jRuntime.configureDefaults();
		System.out.println("# device: " + Nd4jRuntime.device());
		INDArray a = Nd4j.rand(DataType.FLOAT, 1024, 1024);
		INDArray b = Nd4j.rand(DataType.FLOAT, 1024, 1024);
		double best = Double.MAX_VALUE;
		for (int i = 0; i < 12; i++) {
			long t = System.nanoTime();
			a.mmul(b);
			double s = (System.nanoTime() - t) / 1e9;
			if (i >= 2) {
				best = Math.min(best, s);
			}
		}
		double gemm = 2.0 * 1024 * 1024 * 1024 / best / 1e9;
		System.out.printf(Locale.ROOT, "plain ND4J mmul 1024^3 (float): %.1f GFLOP/s%n", gemm);
		ModelDescription model = new ModelReader().read(JsonMapper.builder().build().readTree(Files.readString(Path.of(args[0]))).get("model"));
		long flopsPerSample = 0;
		for (Layer l : model.layers()) {
			for (ParameterSpec p : Parameters.of(l)) {
				if (p.role().isFanScaled()) {
					// A multiply-add per weight per output position, ×3 for forward + both backward products.
					long positions = Math.max(1, l.outputShape().elements() / Math.max(1, l.config().out()));
					flopsPerSample += 3L * 2L * p.elements() * positions;
				}
			}
		}
		Dataset data = Tasks.generate(new TrialSpec.Task("synthetic-bars", 10, 4096, 1, false), new long[] { 1, 16, 16 }, 10);
		long start = System.nanoTime();
		int steps = 0;
		double trainSeconds = 0;
		InitialWeights initial = new InitialWeights(new Nd4jSampler());
		for (Variant variant : List.of(Variant.DECLARED, Variant.CORRECTED)) {
			Trainer.Run run = new Nd4jTrainer().train(model, initial.draw(model, variant, 42).weights(), data, new TrialSpec.Optimizer("adam", 0.003, 0.9),
					200, 64, 42, (s, l) -> true);
			steps += run.losses().size();
			trainSeconds += run.losses().size() / run.stepsPerSecond();
			System.out.printf(Locale.ROOT, "%s: %d steps, %.1f steps/s, final loss %.4f, accuracy %.2f%n", variant.name(), run.losses().size(),
					run.stepsPerSecond(), run.losses().get(run.losses().size() - 1), run.finalAccuracy());
		}
		double wall = (System.nanoTime() - start) / 1e9;
		double achieved = flopsPerSample * 64.0 * steps / trainSeconds / 1e9;
		System.out.printf(Locale.ROOT, "default trial: %.1f s wall (2 variants x 200 steps, batch 64), %.1f steps/s, %.2f GFLOP/s achieved = %.1f%% of GEMM%n",
				wall, steps / trainSeconds, achieved, 100 * achieved / gemm);
		System.out.println("peak RSS: " + Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmHWM")).findFirst()
			.orElse("?"));
	}

}
