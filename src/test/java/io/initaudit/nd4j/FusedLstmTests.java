package io.initaudit.nd4j;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.initaudit.measure.LayerSignal;
import io.initaudit.measure.Propagator;
import io.initaudit.measure.SegmentPlan;
import io.initaudit.model.ModelDescription;
import io.initaudit.model.ModelReader;
import io.initaudit.sampling.InitialWeights;
import io.initaudit.sampling.Variant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * ND4J's fused {@code lstmLayer} op computes what the LSTM unrolled step by step computes (the equations of
 * torch.nn.LSTM and Keras' LSTM, gates i, f, g, o), both directions. Expected: the unrolled run of the same network,
 * weights and seed. Tolerance 1e-4 relative (1e-6 absolute near zero): float rounding of two summation orders.
 */
class FusedLstmTests {

	@AfterEach
	void restore() {
		NetworkBuilder.fusedLstm = true;
	}

	@ParameterizedTest
	@ValueSource(strings = { "examples/bilstm-keras.json", "examples/bilstm-pytorch-port.json" })
	void theFusedOpGivesTheUnrolledLstmsSignal(String file) throws Exception {
		ModelDescription model = new ModelReader().read(JsonMapper.builder().build().readTree(Files.readString(Path.of(file))));
		InitialWeights.Drawn weights = new InitialWeights(new Nd4jSampler()).draw(model, Variant.DECLARED, 3);
		SegmentPlan one = SegmentPlan.of(model, 4, 0);
		NetworkBuilder.fusedLstm = false;
		Propagator.Run unrolled = new Nd4jPropagator().run(model, weights.weights(), 4, 9, one);
		NetworkBuilder.fusedLstm = true;
		Propagator.Run fused = new Nd4jPropagator().run(model, weights.weights(), 4, 9, one);
		List<LayerSignal> e = unrolled.layers();
		for (int i = 0; i < e.size(); i++) {
			LayerSignal a = fused.layers().get(i);
			LayerSignal b = e.get(i);
			close(a.name() + " variance", a.activationVariance(), b.activationVariance());
			close(a.name() + " channel variance", a.channelVariance(), b.channelVariance());
			close(a.name() + " mean", a.activationMean(), b.activationMean());
			close(a.name() + " gradient norm", a.gradientNorm(), b.gradientNorm());
		}
	}

	private static void close(String what, double got, double expected) {
		assertThat(got).as(what).isCloseTo(expected, within(Math.max(Math.abs(expected) * 1e-4, 1e-6)));
	}

}
