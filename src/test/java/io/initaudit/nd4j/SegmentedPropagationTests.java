package io.initaudit.nd4j;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.initaudit.measure.LayerSignal;
import io.initaudit.measure.Propagator;
import io.initaudit.measure.SegmentPlan;
import io.initaudit.model.ModelDescription;
import io.initaudit.model.ModelReader;
import io.initaudit.sampling.InitialWeights;
import io.initaudit.sampling.NetworkLimits;
import io.initaudit.sampling.Variant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A propagation cut into segments (recomputed from the outputs kept across each cut) computes what the whole graph
 * computes: the same draws, the same batch in every batch norm, the same gradients. Expected numbers: the whole-graph
 * run of the same network, weights and seed. Tolerance 1e-4 relative (1e-6 absolute near zero): the segments sum the
 * gradients that meet at a skip connection in another order, float rounding and nothing more.
 */
class SegmentedPropagationTests {

	@ParameterizedTest(name = "{0} at {1}, cut {3}")
	@CsvSource(delimiter = ';', value = {
			"examples/mobilenetv2.json; [3, 32, 32]; 2; planned", // skip connections inside and across cuts, batch norm, dropout
			"examples/xception-middle-flow.json; [728, 6, 6]; 2; planned", // separable convs, residual adds
			"examples/bilstm-keras.json; ; 3; 2 4" // conv1d, batch norm over sequences, LSTM both ways (a chain: cut by hand)
	})
	void segmentsGiveTheWholeGraphsSignal(String file, String shape, int batch, String cuts) throws Exception {
		ObjectNode json = (ObjectNode) JsonMapper.builder().build().readTree(Files.readString(Path.of(file)));
		if (shape != null) {
			((ObjectNode) json.get("input")).set("shape", JsonMapper.builder().build().readTree(shape));
		}
		ModelDescription model = new ModelReader().read(json);
		InitialWeights.Drawn weights = new InitialWeights(new Nd4jSampler()).draw(model, Variant.DECLARED, 5);
		long whole = NetworkLimits.activationBytes(model, batch);
		SegmentPlan one = SegmentPlan.of(model, batch, whole);
		assertThat(one.segments()).hasSize(1);
		SegmentPlan cut;
		if (cuts.equals("planned")) {
			cut = SegmentPlan.of(model, batch, whole / 3);
			assertThat(cut.segments()).hasSizeGreaterThanOrEqualTo(3);
			assertThat(cut.peakBytes()).isLessThan(whole);
		}
		else {
			List<SegmentPlan.Segment> segments = new ArrayList<>();
			int from = 0;
			for (String c : cuts.split(" ")) {
				segments.add(new SegmentPlan.Segment(from, Integer.parseInt(c)));
				from = Integer.parseInt(c);
			}
			segments.add(new SegmentPlan.Segment(from, model.layers().size()));
			cut = new SegmentPlan(segments, SegmentPlan.peakBytes(model, batch, segments));
		}

		Nd4jPropagator propagator = new Nd4jPropagator();
		Propagator.Run expected = propagator.run(model, weights.weights(), batch, 11, one);
		Propagator.Run got = propagator.run(model, weights.weights(), batch, 11, cut);
		assertThat(got.inputVariance()).isEqualTo(expected.inputVariance());
		List<LayerSignal> e = expected.layers();
		assertThat(got.layers()).hasSameSizeAs(e);
		for (int i = 0; i < e.size(); i++) {
			LayerSignal a = got.layers().get(i);
			LayerSignal b = e.get(i);
			assertThat(a.name()).isEqualTo(b.name());
			close(a.name() + " mean", a.activationMean(), b.activationMean());
			close(a.name() + " variance", a.activationVariance(), b.activationVariance());
			close(a.name() + " channel variance", a.channelVariance(), b.channelVariance());
			close(a.name() + " gradient norm", a.gradientNorm(), b.gradientNorm());
		}
	}

	/**
	 * Batch norm in training mode normalizes with the biased variance (torch.nn.BatchNorm2d's documentation: "the
	 * variance is calculated via the biased estimator"; Keras' BatchNormalization uses tf.nn.moments, also biased).
	 * Over 2 samples of 2×2 (8 values per channel) the output's per-channel variance is then σ²/(σ² + ε) ≈ 1 − 10⁻⁵;
	 * the bias-corrected variance that ND4J M2.1's variance op uses in gradient runs gives 7/8. Tolerance 10⁻³.
	 */
	@org.junit.jupiter.api.Test
	void batchNormNormalizesWithTheBiasedVarianceInGradientRuns() {
		ModelDescription model = new ModelReader().read(JsonMapper.builder().build().readTree("""
				{"framework": "pytorch", "input": {"shape": [3, 2, 2]}, "layers": [
				  {"name": "bn", "type": "batch_norm", "num_features": 3}]}"""));
		InitialWeights.Drawn weights = new InitialWeights(new Nd4jSampler()).draw(model, Variant.DECLARED, 1);
		Propagator.Run run = new Nd4jPropagator().run(model, weights.weights(), 2, 3, SegmentPlan.of(model, 2, 0));
		assertThat(run.layers().get(0).channelVariance()).isCloseTo(1.0, within(1e-3));
	}

	/**
	 * The one-pass statistics of a layer's output and gradient equal ND4J's own reductions (mean, biased variance,
	 * the per-channel biased variance averaged over channels, the L2 norm) on the same arrays: a [3, 5, 4, 6] output
	 * with mean 2 and std 3 (so that E[y²] − E[y]² must not lose the variance), a permuted view, and a rank-2 one.
	 * Tolerance 1e-4 relative: double sums against ND4J's float accumulation.
	 */
	@org.junit.jupiter.api.Test
	void oneLayerStatisticsMatchNd4jsReductions() {
		ModelDescription model = new ModelReader().read(JsonMapper.builder().build().readTree("""
				{"framework": "pytorch", "input": {"shape": [8]}, "layers": [
				  {"name": "fc", "type": "linear", "in_features": 8, "out_features": 4}]}"""));
		org.nd4j.linalg.api.ndarray.INDArray y = org.nd4j.linalg.factory.Nd4j.randn(org.nd4j.linalg.api.buffer.DataType.FLOAT, 3, 5, 4, 6).muli(3).addi(2);
		org.nd4j.linalg.api.ndarray.INDArray g = org.nd4j.linalg.factory.Nd4j.randn(org.nd4j.linalg.api.buffer.DataType.FLOAT, 3, 5, 4, 6);
		for (org.nd4j.linalg.api.ndarray.INDArray a : List.of(y, y.permute(0, 1, 3, 2), y.reshape(15, 24))) {
			LayerSignal s = Nd4jPropagator.signal(model.layers().get(0), a, g);
			int[] dims = a.rank() == 4 ? new int[] { 0, 2, 3 } : new int[] { 0 };
			close("mean", s.activationMean(), a.meanNumber().doubleValue());
			close("variance", s.activationVariance(), a.var(false).getDouble(0));
			close("channel variance", s.channelVariance(), a.var(false, dims).meanNumber().doubleValue());
			close("gradient norm", s.gradientNorm(), g.norm2Number().doubleValue());
		}
	}

	private static void close(String what, double got, double expected) {
		assertThat(got).as(what).isCloseTo(expected, within(Math.max(Math.abs(expected) * 1e-4, 1e-6)));
	}

}
