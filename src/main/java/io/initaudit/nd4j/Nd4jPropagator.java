package io.initaudit.nd4j;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.initaudit.measure.LayerSignal;
import io.initaudit.measure.Propagator;
import io.initaudit.measure.SegmentPlan;
import io.initaudit.model.Layer;
import io.initaudit.model.ModelDescription;
import io.initaudit.sampling.WeightTensor;
import org.jspecify.annotations.Nullable;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.random.impl.GaussianDistribution;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;
import org.springframework.stereotype.Component;

/**
 * Builds the described network as a SameDiff graph (NCHW), with every parameter set from the values InitAudit's
 * samplers drew, and runs one forward and one backward pass of {@code 0.5 · mean((y − t)²)} for random normal
 * input and targets; the loss gradient is taken with respect to each layer's output. A network too large for its
 * activation memory runs in segments ({@link SegmentPlan}). Workarounds from nd4j-notes.md: {@code mmul + add} instead of {@code linear}, {@code preciseGelu}.
 */
@Component
public class Nd4jPropagator implements Propagator {

	@Override
	public String device() {
		return Nd4jRuntime.device();
	}

	@Override
	public @Nullable String unsupported(Layer layer) {
		return NetworkBuilder.unsupported(layer);
	}

	@Override
	public Run run(ModelDescription model, Map<String, List<WeightTensor>> weights, int batch, long seed, SegmentPlan plan) {
		return run(model, weights, batch, seed, plan.segments());
	}

	/**
	 * The run in segments (see {@link SegmentPlan}; one segment: the whole graph at once): forward once through all but
	 * the last, keeping what crosses each cut; then from the last segment back to the first, each rebuilt from the
	 * outputs it reads, run forward with its loss — the real loss in the last segment, else {@code Σ sum(o ⊙ g_o)} over
	 * its outputs {@code o} read later, whose gradient {@code g_o} the later segments sent — and differentiated towards
	 * its layers' outputs and the outputs it reads. Parameters are constants (no gradient is computed for them). The
	 * draws come first, in one order whatever the cuts (input, token ids, targets), so any plan gives the same numbers
	 * up to float rounding.
	 */
	private Run run(ModelDescription model, Map<String, List<WeightTensor>> weights, int batch, long seed, List<SegmentPlan.Segment> segments) {
		long start = System.nanoTime();
		Nd4jRuntime.device();
		Random rng = Nd4j.getRandomFactory().getNewRandomInstance(seed);
		INDArray input = normal(rng, NetworkBuilder.shapeWithBatch(batch, model.inputShape()));
		Map<Integer, INDArray> drawn = NetworkBuilder.drawTokens(model, batch, rng);
		List<Layer> layers = model.layers();
		INDArray target = normal(rng, NetworkBuilder.shapeWithBatch(batch, layers.get(layers.size() - 1).outputShape()));
		Map<String, INDArray> kept = new HashMap<>();
		kept.put(ModelDescription.INPUT, input);
		for (int s = 0; s < segments.size() - 1; s++) {
			SegmentPlan.Segment seg = segments.get(s);
			List<String> externals = SegmentPlan.externals(model, seg);
			NetworkBuilder.Built net = NetworkBuilder.buildRange(model, weights, batch, rng, drawn, seg.from(), seg.to(), externals);
			List<Layer> sent = sent(model, seg);
			List<String> names = new ArrayList<>();
			for (Layer l : sent) {
				names.add("out_" + l.index());
			}
			ClosingMemoryMgr memory = ClosingMemoryMgr.installForward(net.sd());
			Map<String, INDArray> out = net.sd().output(feeds(externals, kept), names.toArray(new String[0]));
			for (Layer l : sent) {
				kept.put(l.name(), out.get("out_" + l.index()));
			}
			memory.closeAllBut(out.values());
		}
		Map<String, INDArray> grads = new HashMap<>();
		LayerSignal[] signals = new LayerSignal[layers.size()];
		for (int s = segments.size() - 1; s >= 0; s--) {
			SegmentPlan.Segment seg = segments.get(s);
			List<String> externals = SegmentPlan.externals(model, seg);
			NetworkBuilder.Built net = NetworkBuilder.buildRange(model, weights, batch, rng, drawn, seg.from(), seg.to(), externals);
			SameDiff sd = net.sd();
			SDVariable loss;
			if (s == segments.size() - 1) {
				loss = sd.math().square(net.last().sub(sd.constant("target", target))).mean().mul("loss", 0.5);
			}
			else {
				loss = null;
				for (Layer l : sent(model, seg)) {
					INDArray g = grads.get(l.name());
					if (g != null) {
						SDVariable term = net.outputs().get(l.name()).mul(sd.constant("grad_" + l.index(), g)).sum();
						loss = loss == null ? term : loss.add(term);
					}
				}
				loss = loss == null ? net.last().mul(0.0).sum("loss") : loss.rename("loss");
			}
			sd.setLossVariables(loss);
			List<String> outNames = new ArrayList<>();
			for (int k = seg.from(); k < seg.to(); k++) {
				outNames.add("out_" + layers.get(k).index());
			}
			List<String> gradNames = new ArrayList<>(outNames);
			for (String e : externals) {
				if (!ModelDescription.INPUT.equals(e)) {
					gradNames.add(NetworkBuilder.external(e));
				}
			}
			ClosingMemoryMgr memory = ClosingMemoryMgr.install(sd);
			OutAndGrad result = sd.calculateGradientsAndOutputs(feeds(externals, kept), outNames, gradNames);
			for (int k = seg.from(); k < seg.to(); k++) {
				Layer layer = layers.get(k);
				signals[k] = signal(layer, result.getOutputs().get("out_" + layer.index()), result.getGradients().get("out_" + layer.index()));
			}
			List<INDArray> sending = new ArrayList<>();
			for (String e : externals) {
				INDArray g = ModelDescription.INPUT.equals(e) ? null : result.getGradients().get(NetworkBuilder.external(e));
				if (g != null) {
					INDArray earlier = grads.get(e);
					if (earlier == null) {
						grads.put(e, g);
						sending.add(g);
					}
					else {
						earlier.addi(g);
					}
				}
			}
			// Every array of this segment's run but the gradients it sends back is freed now, not at the next GC.
			memory.closeAllBut(sending);
			for (int k = seg.from(); k < seg.to(); k++) {
				// Every reader of these outputs has run its backward pass: neither they nor their gradients are needed.
				close(kept.remove(layers.get(k).name()));
				close(grads.remove(layers.get(k).name()));
			}
		}
		return new Run(List.of(signals), input.varNumber().doubleValue(), (System.nanoTime() - start) / 1_000_000);
	}

	private static void close(@Nullable INDArray a) {
		if (a != null && a.closeable()) {
			a.close();
		}
	}

	/** The layers of {@code seg} whose output a later layer reads. */
	private static List<Layer> sent(ModelDescription model, SegmentPlan.Segment seg) {
		List<String> crossing = SegmentPlan.crossing(model, seg.to());
		List<Layer> out = new ArrayList<>();
		for (int k = seg.from(); k < seg.to(); k++) {
			if (crossing.contains(model.layers().get(k).name())) {
				out.add(model.layers().get(k));
			}
		}
		return out;
	}

	private static Map<String, INDArray> feeds(List<String> externals, Map<String, INDArray> kept) {
		Map<String, INDArray> feeds = new HashMap<>();
		for (String e : externals) {
			feeds.put(NetworkBuilder.placeholder(e), kept.get(e));
		}
		return feeds;
	}

	/**
	 * One layer's statistics in one pass over its output and one over its gradient, read in place (ND4J's own
	 * reductions, one per statistic and a tensor-along-dimension pass for the per-channel variance, took a fifth of a
	 * ResNet-50 run). Sums in double: the per-channel variance is {@code E[y²] − E[y]²} per channel, averaged.
	 */
	static LayerSignal signal(Layer layer, INDArray y, @Nullable INDArray grad) {
		INDArray a = contiguous(y);
		FloatBuffer v = a.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer();
		long n = a.length();
		long channels = a.rank() >= 2 ? a.size(1) : 1;
		long inner = a.rank() >= 2 ? n / (a.size(0) * channels) : n;
		long outer = a.rank() >= 2 ? a.size(0) : 1;
		double[] sum = new double[(int) channels];
		double[] squares = new double[(int) channels];
		int at = 0;
		for (long b = 0; b < outer; b++) {
			for (int c = 0; c < channels; c++) {
				double s = 0;
				double q = 0;
				for (long i = 0; i < inner; i++) {
					double x = v.get(at++);
					s += x;
					q += x * x;
				}
				sum[c] += s;
				squares[c] += q;
			}
		}
		double total = 0;
		double totalSquares = 0;
		double channelVariance = 0;
		long perChannel = n / channels;
		for (int c = 0; c < channels; c++) {
			total += sum[c];
			totalSquares += squares[c];
			double m = sum[c] / perChannel;
			channelVariance += Math.max(squares[c] / perChannel - m * m, 0);
		}
		double mean = total / n;
		double variance = Math.max(totalSquares / n - mean * mean, 0);
		channelVariance = a.rank() >= 2 ? channelVariance / channels : variance;
		double gradientNorm = 0;
		if (grad != null) {
			INDArray g = contiguous(grad);
			FloatBuffer gv = g.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer();
			double q = 0;
			for (int i = 0, end = (int) g.length(); i < end; i++) {
				double x = gv.get(i);
				q += x * x;
			}
			gradientNorm = Math.sqrt(q);
		}
		return new LayerSignal(layer.name(), layer.type().jsonName(), mean, variance, channelVariance, gradientNorm);
	}

	private static INDArray contiguous(INDArray a) {
		INDArray c = a.dataType() == DataType.FLOAT ? a : a.castTo(DataType.FLOAT);
		return c.ordering() == 'c' && !c.isView() && c.offset() == 0 && c.data().length() == c.length() ? c : c.dup('c');
	}

	private static INDArray normal(Random rng, long[] shape) {
		return Nd4j.getExecutioner().exec(new GaussianDistribution(Nd4j.createUninitialized(DataType.FLOAT, shape), 0.0, 1.0), rng);
	}

}
