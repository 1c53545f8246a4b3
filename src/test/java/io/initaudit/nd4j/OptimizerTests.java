package io.initaudit.nd4j;

import java.util.List;
import java.util.Map;

import io.initaudit.trial.TrialSpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The trainer's optimizers, which keep their state in flat arrays over all parameters, against the update rules of
 * torch.optim written out per value in double precision (the formulas of the torch.optim documentation for SGD,
 * SGD with momentum (dampening 0), RMSprop (centered=False, α = the momentum field) and Adam (bias-corrected, ε
 * outside the square root)). Three steps on two parameters of different shapes, with a different gradient each step;
 * one parameter has no gradient in the second step and is skipped as torch skips a parameter whose grad is None (it,
 * its moments and its step count unchanged). Tolerance: 1e-6 relative plus 1e-7 absolute (float32 arithmetic against
 * double). OptimizerTorchIntegrationTests runs the same against torch.optim itself.
 */
class OptimizerTests {

	static final double EPS = 1e-8;

	static final double BETA2 = 0.999;

	@ParameterizedTest
	@ValueSource(strings = { "sgd", "momentum", "rmsprop", "adam" })
	void flatStateMatchesTheRulePerValue(String name) {
		double lr = 0.01;
		double mu = 0.9;
		float[] a0 = { 0.5f, -1.0f, 0.25f, 2.0f, -0.75f, 0.1f };
		float[] b0 = { 1.5f, -0.2f, 0.3f };
		SameDiff sd = SameDiff.create();
		sd.var("a", Nd4j.create(a0, new long[] { 2, 3 }, 'c'));
		sd.var("b", Nd4j.create(b0, new long[] { 3 }, 'c'));
		Nd4jTrainer.Optimizer opt = new Nd4jTrainer.Optimizer(new TrialSpec.Optimizer(name, lr, mu), sd, List.of("a", "b"));
		double[] a = toDouble(a0);
		double[] b = toDouble(b0);
		double[][] state = new double[4][];
		state[0] = new double[a.length];
		state[1] = new double[a.length];
		state[2] = new double[b.length];
		state[3] = new double[b.length];
		int bSteps = 0;
		for (int t = 1; t <= 3; t++) {
			double[] ga = new double[a.length];
			double[] gb = new double[b.length];
			for (int i = 0; i < ga.length; i++) {
				ga[i] = Math.sin(1.7 * i + t) * (i + 1);
			}
			for (int i = 0; i < gb.length; i++) {
				gb[i] = Math.cos(0.9 * i - t) * 0.01;
			}
			boolean bHasGradient = t != 2;
			INDArray gaArr = Nd4j.create(toFloat(ga), new long[] { 2, 3 }, 'c');
			INDArray gbArr = Nd4j.create(toFloat(gb), new long[] { 3 }, 'c');
			opt.apply(bHasGradient ? Map.of("a", gaArr, "b", gbArr) : Map.of("a", gaArr));
			step(name, lr, mu, t, a, toDouble(toFloat(ga)), state[0], state[1]);
			if (bHasGradient) {
				step(name, lr, mu, ++bSteps, b, toDouble(toFloat(gb)), state[2], state[3]);
			}
			assertClose(sd.getVariable("a").getArr(), a);
			assertClose(sd.getVariable("b").getArr(), b);
		}
	}

	/** One step of torch.optim's rule for {@code name}, in place on {@code w}, {@code m} (momentum buffer / exp_avg), {@code v}. */
	private static void step(String name, double lr, double mu, int t, double[] w, double[] g, double[] m, double[] v) {
		for (int i = 0; i < w.length; i++) {
			double delta;
			switch (name) {
				case "sgd" -> delta = lr * g[i];
				case "momentum" -> {
					m[i] = mu * m[i] + g[i];
					delta = lr * m[i];
				}
				case "rmsprop" -> {
					v[i] = mu * v[i] + (1 - mu) * g[i] * g[i];
					delta = lr * g[i] / (Math.sqrt(v[i]) + EPS);
				}
				default -> {
					m[i] = mu * m[i] + (1 - mu) * g[i];
					v[i] = BETA2 * v[i] + (1 - BETA2) * g[i] * g[i];
					double mHat = m[i] / (1 - Math.pow(mu, t));
					double vHat = v[i] / (1 - Math.pow(BETA2, t));
					delta = lr * mHat / (Math.sqrt(vHat) + EPS);
				}
			}
			w[i] -= delta;
		}
	}

	private static void assertClose(INDArray got, double[] expected) {
		double[] g = got.dup().data().asDouble();
		assertThat(g).hasSize(expected.length);
		for (int i = 0; i < g.length; i++) {
			assertThat(g[i]).as("value %d", i).isCloseTo(expected[i], within(1e-6 * Math.abs(expected[i]) + 1e-7));
		}
	}

	private static double[] toDouble(float[] f) {
		double[] d = new double[f.length];
		for (int i = 0; i < f.length; i++) {
			d[i] = f[i];
		}
		return d;
	}

	private static float[] toFloat(double[] d) {
		float[] f = new float[d.length];
		for (int i = 0; i < d.length; i++) {
			f[i] = (float) d[i];
		}
		return f;
	}

}
