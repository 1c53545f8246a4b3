package io.initaudit.nd4j;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.initaudit.measure.LayerSignal;
import io.initaudit.measure.Propagator;
import io.initaudit.model.Framework;
import io.initaudit.model.Layer;
import io.initaudit.model.LayerConfig;
import io.initaudit.model.LayerKind;
import io.initaudit.model.ModelDescription;
import io.initaudit.model.TensorShape;
import io.initaudit.sampling.WeightTensor;
import io.initaudit.semantics.ParameterSpec;
import io.initaudit.semantics.Role;
import org.jspecify.annotations.Nullable;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.DeConv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.nd4j.linalg.api.ops.random.impl.GaussianDistribution;
import org.nd4j.linalg.api.ops.random.impl.UniformDistribution;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;
import org.springframework.stereotype.Component;

/**
 * Builds the described network as a SameDiff graph (NCHW), with every parameter set from the values InitAudit's
 * samplers drew, and runs one forward and one backward pass of {@code 0.5 · mean((y − t)²)} for random normal
 * input and targets; the loss gradient is taken with respect to each layer's output. Workarounds from nd4j-notes.md: {@code mmul + add} instead of {@code linear}, {@code preciseGelu}.
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
	public Run run(ModelDescription model, Map<String, List<WeightTensor>> weights, int batch, long seed) {
		long start = System.nanoTime();
		Nd4jRuntime.device();
		Random rng = Nd4j.getRandomFactory().getNewRandomInstance(seed);
		INDArray input = normal(rng, NetworkBuilder.shapeWithBatch(batch, model.inputShape()));
		NetworkBuilder.Built net = NetworkBuilder.build(model, weights, batch, rng);
		SDVariable last = net.last();
		INDArray target = normal(rng, NetworkBuilder.shapeWithBatch(batch, model.layers().get(model.layers().size() - 1).outputShape()));
		SameDiff sd = net.sd();
		SDVariable t = sd.constant("target", target);
		if (sd.variables().stream().noneMatch(v -> v.getVariableType() == VariableType.VARIABLE)) {
			// SameDiff differentiates only towards trainable variables: a network without weights (pads, activations)
			// gets a unit scale on its output, which leaves every gradient as it is.
			last = last.mul(sd.var("output_scale", Nd4j.scalar(DataType.FLOAT, 1.0f)));
		}
		SDVariable loss = sd.math().square(last.sub(t)).mean().mul("loss", 0.5);
		sd.setLossVariables(loss);
		List<String> outNames = new ArrayList<>();
		for (Layer layer : model.layers()) {
			outNames.add("out_" + layer.index());
		}
		OutAndGrad result = sd.calculateGradientsAndOutputs(Map.of("input", input), outNames, outNames);
		List<LayerSignal> signals = new ArrayList<>();
		for (Layer layer : model.layers()) {
			INDArray y = result.getOutputs().get("out_" + layer.index());
			INDArray grad = result.getGradients().get("out_" + layer.index());
			signals.add(signal(layer, y, grad));
		}
		return new Run(signals, input.varNumber().doubleValue(), (System.nanoTime() - start) / 1_000_000);
	}

	private static LayerSignal signal(Layer layer, INDArray y, @Nullable INDArray grad) {
		double mean = y.meanNumber().doubleValue();
		double variance = y.var(false).getDouble(0);
		double channelVariance;
		if (y.rank() >= 2) {
			int[] dims = new int[y.rank() - 1];
			dims[0] = 0;
			for (int i = 2; i < y.rank(); i++) {
				dims[i - 1] = i;
			}
			channelVariance = y.var(false, dims).meanNumber().doubleValue();
		}
		else {
			channelVariance = variance;
		}
		double gradientNorm = grad == null ? 0.0 : grad.norm2Number().doubleValue();
		return new LayerSignal(layer.name(), layer.type().jsonName(), mean, variance, channelVariance, gradientNorm);
	}



	private static INDArray normal(Random rng, long[] shape) {
		return Nd4j.getExecutioner().exec(new GaussianDistribution(Nd4j.createUninitialized(DataType.FLOAT, shape), 0.0, 1.0), rng);
	}

}
