package io.initaudit.nd4j;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
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
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
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
			opt.apply(r.getGradients());
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

	/**
	 * SGD, momentum, RMSprop and Adam, applied in place to the variables' arrays, with the state of all trainable
	 * parameters in flat arrays: each step copies the gradients into one array, updates the moments and computes the
	 * update with the same dozen-odd element-wise ops for the whole network instead of for each parameter (every op is
	 * a native call of its own, ≈ 15 µs on a small array), then adds each parameter's slice of the update to it. The
	 * rules are torch.optim's (OptimizerTorchIntegrationTests), including a parameter without a gradient in a step:
	 * skipped, its moments and its step count unchanged, as torch skips a parameter whose grad is None; from then on
	 * the parameters' slices are updated one by one, each with its own count.
	 */
	static final class Optimizer {

		private final TrialSpec.Optimizer spec;

		private final SameDiff sd;

		/** The flat arrays: gradient, first moment (momentum buffer), second moment, scratch, update (−lr × step). */
		private final Slice all;

		/** Each parameter's views of the flat arrays, in their order. */
		private final Map<String, Slice> slices = new LinkedHashMap<>();

		/** A parameter's arrays (or the whole network's) and how many steps it has taken. */
		private static final class Slice {

			final INDArray g, m, v, tmp, update;

			int steps;

			Slice(INDArray g, INDArray m, INDArray v, INDArray tmp, INDArray update) {
				this.g = g;
				this.m = m;
				this.v = v;
				this.tmp = tmp;
				this.update = update;
			}

			Slice view(INDArrayIndex range, long[] shape) {
				return new Slice(this.g.get(range).reshape('c', shape), this.m.get(range).reshape('c', shape), this.v.get(range).reshape('c', shape),
						this.tmp.get(range).reshape('c', shape), this.update.get(range).reshape('c', shape));
			}

		}

		Optimizer(TrialSpec.Optimizer spec, SameDiff sd, List<String> names) {
			this.spec = spec;
			this.sd = sd;
			long total = 0;
			for (String n : names) {
				total += sd.getVariable(n).getArr().length();
			}
			DataType type = names.isEmpty() ? DataType.FLOAT : sd.getVariable(names.get(0)).getArr().dataType();
			INDArray g = Nd4j.create(type, Math.max(total, 1));
			this.all = new Slice(g, Nd4j.zerosLike(g), Nd4j.zerosLike(g), Nd4j.zerosLike(g), Nd4j.zerosLike(g));
			long offset = 0;
			for (String n : names) {
				INDArray w = sd.getVariable(n).getArr();
				this.slices.put(n, this.all.view(NDArrayIndex.interval(offset, offset + w.length()), w.shape()));
				offset += w.length();
			}
		}

		/** One step: each parameter with a gradient in {@code gradients} moves; one without it stays as it is. */
		void apply(Map<String, INDArray> gradients) {
			boolean together = true;
			for (Map.Entry<String, Slice> e : this.slices.entrySet()) {
				INDArray g = gradients.get(e.getKey());
				Slice slice = e.getValue();
				together &= g != null && slice.steps == this.all.steps;
				if (g != null) {
					slice.g.assign(g);
				}
			}
			if (together) {
				rule(this.all, ++this.all.steps);
				for (Slice slice : this.slices.values()) {
					slice.steps = this.all.steps;
				}
			}
			else {
				this.all.steps = -1; // never together again: the counts have parted
				for (Map.Entry<String, Slice> e : this.slices.entrySet()) {
					if (gradients.get(e.getKey()) != null) {
						rule(e.getValue(), ++e.getValue().steps);
					}
				}
			}
			for (Map.Entry<String, Slice> e : this.slices.entrySet()) {
				if (gradients.get(e.getKey()) != null) {
					this.sd.getVariable(e.getKey()).getArr().addi(e.getValue().update);
				}
			}
		}

		/** The rule on {@code s} at its step {@code t} (from 1), in place throughout: no array is allocated per step. */
		private void rule(Slice s, int t) {
			double lr = this.spec.learningRate();
			double mu = this.spec.momentum();
			switch (this.spec.name()) {
				case "sgd" -> s.update.assign(s.g).muli(-lr);
				case "momentum" -> {
					s.m.muli(mu).addi(s.g);
					s.update.assign(s.m).muli(-lr);
				}
				case "rmsprop" -> {
					s.v.muli(mu).addi(s.tmp.assign(s.g).muli(s.g).muli(1 - mu));
					Transforms.sqrt(s.update.assign(s.v), false).addi(EPSILON);
					s.update.rdivi(s.g).muli(-lr);
				}
				default -> {
					s.m.muli(mu).addi(s.tmp.assign(s.g).muli(1 - mu));
					s.v.muli(BETA2).addi(s.tmp.assign(s.g).muli(s.g).muli(1 - BETA2));
					double mHat = 1 - Math.pow(mu, t);
					double vHat = 1 - Math.pow(BETA2, t);
					Transforms.sqrt(s.update.assign(s.v).divi(vHat), false).addi(EPSILON);
					s.update.rdivi(s.m).divi(mHat).muli(-lr);
				}
			}
		}

	}

}
