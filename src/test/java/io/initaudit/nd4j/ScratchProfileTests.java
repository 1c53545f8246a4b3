package io.initaudit.nd4j;

import java.nio.file.*;
import java.util.*;
import io.initaudit.model.*;
import io.initaudit.sampling.*;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.listeners.*;
import org.nd4j.autodiff.samediff.*;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import tools.jackson.databind.json.JsonMapper;

class ScratchProfileTests {
	static Map<String, long[]> times = new TreeMap<>();
	static long t0;
	static class L extends BaseListener {
		public boolean isActive(Operation op) { return true; }
		public void preOpExecution(SameDiff sd, At at, SameDiffOp op, OpContext ctx) { t0 = System.nanoTime(); }
		public void opExecution(SameDiff sd, At at, MultiDataSet b, SameDiffOp op, OpContext ctx, INDArray[] out) {
			long[] v = times.computeIfAbsent(op.getOp().opName(), k -> new long[2]); v[0] += System.nanoTime() - t0; v[1]++;
		}
	}
	@Test void t() throws Exception {
		ModelDescription model = new ModelReader().read(JsonMapper.builder().build().readTree(Files.readString(Path.of("examples/resnet50.json"))));
		InitialWeights.Drawn weights = new InitialWeights(new Nd4jSampler()).draw(model, Variant.DECLARED, 5);
		int n = model.layers().size();
		for (int rep = 0; rep < 3; rep++) {
			times.clear();
			var rng = Nd4j.getRandomFactory().getNewRandomInstance(1);
			INDArray x = Nd4j.randn(DataType.FLOAT, 2, 3, 224, 224);
			NetworkBuilder.Built net = NetworkBuilder.buildRange(model, weights.weights(), 2, rng, new HashMap<>(), 0, n, List.of("@input"));
			SameDiff sd = net.sd();
			SDVariable loss = sd.math().square(net.last().sub(sd.constant("target", Nd4j.randn(DataType.FLOAT, 2, 1000)))).mean().mul("loss", 0.5);
			sd.setLossVariables(loss);
			sd.setListeners(new L());
			sd.createGradFunction();
			sd.getFunction("grad").setListeners(new L());
			List<String> names = new ArrayList<>();
			for (Layer l : model.layers()) names.add("out_" + l.index());
			long s = System.nanoTime();
			sd.calculateGradientsAndOutputs(Map.of(NetworkBuilder.placeholder("@input"), x), names, names);
			long total = System.nanoTime() - s;
			long sum = times.values().stream().mapToLong(v -> v[0]).sum();
			System.out.printf("DBG rep %d total %d ms, in ops %d ms%n", rep, total / 1000000, sum / 1000000);
			if (rep == 2) times.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0])).limit(20)
				.forEach(e -> System.out.printf("DBG op %-28s %6d ms %5d calls%n", e.getKey(), e.getValue()[0] / 1000000, e.getValue()[1]));
		}
	}
}
