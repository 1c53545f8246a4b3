package io.initaudit.nd4j;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.initaudit.model.Layer;
import io.initaudit.model.LayerType;
import io.initaudit.model.ModelDescription;
import io.initaudit.sampling.WeightTensor;
import io.initaudit.trial.Dataset;
import io.initaudit.trial.Trainer;
import io.initaudit.trial.TrialSpec;
import org.jspecify.annotations.Nullable;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.springframework.stereotype.Component;

/**
 * Trains a network built by {@link NetworkBuilder} with its own loop (nd4j-notes.md bug 1: {@code SameDiff.fit()}
 * never runs the loss op): gradients and loss from {@code calculateGradientsAndOutputs}, then the optimizer's update
 * applied in place. Every variant sees the same batches in the same order (a permutation seeded by the trial seed).
 */
@Component
public class Nd4jTrainer implements Trainer {

	/** Adam's β₂ and ε (Kingma &amp; Ba 2015 defaults), RMSprop's ε. */
	static final double BETA2 = 0.999;

	static final double EPSILON = 1e-8;

	@Override
	public String device() {
		return Nd4jRuntime.device();
	}

	@Override
	public @Nullable String unsupported(Layer layer) {
		return NetworkBuilder.unsupported(layer);
	}

	@Override
	public boolean hasGpu() {
		return device().startsWith("cuda");
	}

	@Override
	public Run train(ModelDescription model, Map<String, List<WeightTensor>> weights, Dataset data, TrialSpec.Optimizer optimizer, int steps, int batch,
			long seed, StepListener listener) {
		Nd4jRuntime.device();
		NetworkBuilder.Built net = NetworkBuilder.build(model, weights, batch, Nd4j.getRandomFactory().getNewRandomInstance(seed));
		SameDiff sd = net.sd();
		SDVariable label = sd.placeHolder("label", DataType.FLOAT, batch, data.outputs());
		SDVariable out = sd.reshape(net.last(), batch, data.outputs());
		boolean softmaxOutput = model.layers().get(model.layers().size() - 1).type() == LayerType.SOFTMAX;
		SDVariable loss;
		if (!data.classification()) {
			loss = sd.math().square(out.sub(label)).mean().mul("loss", 0.5);
		}
		else if (softmaxOutput) {
			loss = sd.math().log(out.add(1e-7)).mul(label).sum(1).mean().neg("loss");
		}
		else {
			// logSoftmax(x, dimension) fails to build in M2.1 (NoSuchMethodException on its property); the one-argument form uses the last axis.
			loss = sd.nn().logSoftmax(out).mul(label).sum(1).mean().neg("loss");
		}
		sd.setLossVariables(loss);
		List<String> trainable = new ArrayList<>();
		for (SDVariable v : sd.variables()) {
			if (v.getVariableType() == VariableType.VARIABLE) {
				trainable.add(v.name());
			}
		}
		Optimizer opt = new Optimizer(optimizer, sd, trainable);
		ClosingMemoryMgr memory = ClosingMemoryMgr.install(sd);
		int sample = data.sampleSize();
		int[] order = data.order(seed);
		long[] xShape = NetworkBuilder.shapeWithBatch(batch, null);
		long[] inShape = new long[data.sampleShape().length + 1];
		inShape[0] = batch;
		System.arraycopy(data.sampleShape(), 0, inShape, 1, data.sampleShape().length);
		List<Double> losses = new ArrayList<>();
		float[] xb = new float[batch * sample];
		float[] yb = new float[batch * data.outputs()];
		// One input and one label array for every step, filled in place: with the arrays of each step closed once used
		// (below), native memory stays at what one step needs instead of growing to the allocator's cap between GCs.
		INDArray input = Nd4j.create(DataType.FLOAT, inShape, 'c');
		INDArray labels = Nd4j.create(DataType.FLOAT, new long[] { batch, data.outputs() }, 'c');
		Map<String, INDArray> ph = Map.of("input", input, "label", labels);
		List<String> outputs = data.classification() ? List.of("loss", out.name()) : List.of("loss");
		Double accuracy = null;
		long start = System.nanoTime();
		int done = 0;
		OutAndGrad lastStep = null;
		for (int step = 0; step < steps; step++) {
			for (int b = 0; b < batch; b++) {
				int s = order[(step * batch + b) % data.n()];
				System.arraycopy(data.x(), s * sample, xb, b * sample, sample);
				System.arraycopy(data.y(), s * data.outputs(), yb, b * data.outputs(), data.outputs());
			}
			input.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer().put(xb);
			labels.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer().put(yb);
			OutAndGrad r = sd.calculateGradientsAndOutputs(ph, outputs, trainable);
			double value = r.getOutputs().get("loss").getDouble(0);
			losses.add(value);
			done = step + 1;
			if (lastStep != null) {
				close(lastStep.getOutputs().values());
			}
			lastStep = r;
			if (!Double.isFinite(value) || !listener.onStep(step, value)) {
				break;
			}
			opt.apply(r.getGradients(), step + 1);
			close(r.getGradients().values());
			memory.closeAllBut(r.getOutputs().values());
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		if (data.classification() && lastStep != null) {
			// Accuracy on the last batch, counted once after the loop (the outputs of the last step are still valid):
			// five ops per step cost 2% of a small net's step.
			INDArray pred = lastStep.getOutputs().get(out.name()).argMax(1);
			accuracy = pred.eq(labels.argMax(1)).castTo(DataType.FLOAT).meanNumber().doubleValue();
		}
		return new Run(losses, done / Math.max(seconds, 1e-9), accuracy);
	}

	private static void close(Collection<INDArray> arrays) {
		for (INDArray a : arrays) {
			if (a != null && a.closeable()) {
				a.close();
			}
		}
	}

	/** SGD, momentum, RMSprop and Adam, applied in place to the variables' arrays. */
	private static final class Optimizer {

		private final TrialSpec.Optimizer spec;

		private final SameDiff sd;

		private final Map<String, INDArray> first = new HashMap<>();

		private final Map<String, INDArray> second = new HashMap<>();

		private final Map<String, INDArray> scratch = new HashMap<>();

		Optimizer(TrialSpec.Optimizer spec, SameDiff sd, List<String> names) {
			this.spec = spec;
			this.sd = sd;
			for (String n : names) {
				INDArray w = sd.getVariable(n).getArr();
				this.first.put(n, Nd4j.zerosLike(w));
				this.second.put(n, Nd4j.zerosLike(w));
			}
		}

		void apply(Map<String, INDArray> gradients, int t) {
			double lr = this.spec.learningRate();
			double mu = this.spec.momentum();
			for (Map.Entry<String, INDArray> e : gradients.entrySet()) {
				INDArray w = this.sd.getVariable(e.getKey()).getArr();
				INDArray g = e.getValue();
				if (w == null || g == null) {
					continue;
				}
				INDArray m = this.first.get(e.getKey());
				INDArray v = this.second.get(e.getKey());
				// Every step in place, with one scratch array per variable: no array is allocated per step.
				INDArray tmp = this.scratch.computeIfAbsent(e.getKey(), k -> Nd4j.createUninitialized(w.dataType(), w.shape()));
				switch (this.spec.name()) {
					case "sgd" -> w.subi(tmp.assign(g).muli(lr));
					case "momentum" -> {
						m.muli(mu).addi(g);
						w.subi(tmp.assign(m).muli(lr));
					}
					case "rmsprop" -> {
						v.muli(mu).addi(tmp.assign(g).muli(g).muli(1 - mu));
						Transforms.sqrt(tmp.assign(v), false).addi(EPSILON);
						w.subi(tmp.rdivi(g).muli(lr));
					}
					default -> {
						m.muli(mu).addi(tmp.assign(g).muli(1 - mu));
						v.muli(BETA2).addi(tmp.assign(g).muli(g).muli(1 - BETA2));
						double mHat = 1 - Math.pow(mu, t);
						double vHat = 1 - Math.pow(BETA2, t);
						Transforms.sqrt(tmp.assign(v).divi(vHat), false).addi(EPSILON);
						w.subi(tmp.rdivi(m).divi(mHat).muli(lr));
					}
				}
			}
		}

	}

}
