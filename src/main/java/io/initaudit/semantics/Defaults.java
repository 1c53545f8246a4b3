package io.initaudit.semantics;

import io.initaudit.core.Distribution;
import io.initaudit.core.FanMode;
import io.initaudit.core.Fans;
import io.initaudit.core.Sampling;
import io.initaudit.core.VarianceScaling;
import io.initaudit.model.Framework;
import io.initaudit.model.Layer;
import io.initaudit.model.LayerConfig;
import io.initaudit.model.LayerKind;

/**
 * What each framework writes when nothing is declared: PyTorch {@code reset_parameters}, Keras' constructor
 * defaults, Flax's {@code default_kernel_init}, DL4J's builder default.
 */
public final class Defaults {

	/** PyTorch's {@code kaiming_uniform_(w, a=√5)}: gain² = 2/(1+5) = 1/3, so U(±1/√fan_in), variance 1/(3·fan_in). */
	static final VarianceScaling TORCH_DEFAULT = VarianceScaling.of(1.0 / 3.0, FanMode.FAN_IN, Sampling.UNIFORM);

	private Defaults() {
	}

	public static InitSpec forParameter(ParameterSpec p, Layer layer) {
		return switch (p.role()) {
			case NORM_SCALE -> new InitSpec.Constant("ones (default)", 1.0);
			case NORM_SHIFT, DOCONV_D -> new InitSpec.Constant("zeros (default)", 0.0);
			case LAYER_SCALE -> new InitSpec.Constant("init_value (default " + layer.config().initValue() + ")", layer.config().initValue());
			case BIAS -> bias(p, layer);
			case WEIGHT, RECURRENT -> weight(p, layer);
		};
	}

	private static InitSpec weight(ParameterSpec p, Layer layer) {
		Framework fw = layer.framework();
		LayerKind kind = layer.kind();
		LayerConfig c = layer.config();
		return switch (fw) {
			case PYTORCH -> switch (kind) {
				case LSTM, GRU -> new InitSpec.FanScaled("pytorch default: uniform_(w, -1/math.sqrt(hidden_size), 1/math.sqrt(hidden_size))",
						"uniform(±1/√hidden)", TORCH_DEFAULT, FanRule.RNN_HIDDEN_SIZE);
				case EMBEDDING -> new InitSpec.Explicit("pytorch default: normal_(w)", Distribution.normal(0.0, 1.0), InitSpec.Explicit.Meaning.DEFAULT, 1.0);
				case ATTENTION -> p.name().startsWith("in_proj")
						? new InitSpec.FanScaled("pytorch default: xavier_uniform_(in_proj_weight)", "xavier", VarianceScaling.glorot(Sampling.UNIFORM),
								FanRule.FRAMEWORK)
						: torchDefault();
				default -> torchDefault();
			};
			case KERAS, TENSORFLOW -> switch (kind) {
				case EMBEDDING -> new InitSpec.Explicit("keras default: RandomUniform(-0.05, 0.05)", Distribution.uniform(-0.05, 0.05),
						InitSpec.Explicit.Meaning.DEFAULT, Distribution.uniform(-0.05, 0.05).std());
				default -> p.role() == Role.RECURRENT ? new InitSpec.Orthogonal("keras default: orthogonal", 1.0)
						: new InitSpec.FanScaled("keras default: glorot_uniform", "xavier",
								new VarianceScaling(1.0, FanMode.FAN_AVG, Sampling.UNIFORM, true), FanRule.FRAMEWORK);
			};
			case JAX, FLAX -> switch (kind) {
				// Flax Embed: variance_scaling(1.0, 'fan_in', 'normal', out_axis=0) → N(0, 1/features). With in_axis -2 and
				// out_axis 0 both the axis of the (V, D) table's rows, JAX's _compute_fans gives fan_in = fan_out = D.
				case EMBEDDING -> new InitSpec.Explicit("flax default: variance_scaling(1.0, 'fan_in', 'normal', out_axis=0)",
						Distribution.normal(0.0, 1.0 / Math.sqrt(c.out())), InitSpec.Explicit.Meaning.DEFAULT, 1.0 / Math.sqrt(c.out()),
						Fans.of(c.out(), c.out()));
				default -> p.role() == Role.RECURRENT ? new InitSpec.Orthogonal("flax default: orthogonal", 1.0)
						: new InitSpec.FanScaled("flax default: lecun_normal", "lecun", VarianceScaling.lecun(Sampling.TRUNCATED_NORMAL), FanRule.FRAMEWORK);
			};
			case DL4J -> new InitSpec.FanScaled("dl4j default: WeightInit.XAVIER", "xavier", VarianceScaling.glorot(Sampling.NORMAL), FanRule.FRAMEWORK);
		};
	}

	private static InitSpec torchDefault() {
		return new InitSpec.FanScaled("pytorch default: kaiming_uniform_(w, a=math.sqrt(5))", "kaiming_uniform(a=√5)", TORCH_DEFAULT,
				FanRule.FRAMEWORK);
	}

	private static InitSpec bias(ParameterSpec p, Layer layer) {
		Framework fw = layer.framework();
		LayerConfig c = layer.config();
		if (fw != Framework.PYTORCH) {
			String label = layer.kind() == LayerKind.LSTM && fw != Framework.FLAX && fw != Framework.JAX
					? fw.jsonName() + " default: zeros, forget gate 1.0"
					: fw.jsonName() + " default: zeros";
			return new InitSpec.Constant(label, 0.0);
		}
		double fanIn = switch (layer.kind()) {
			case LINEAR -> c.in();
			case CONV -> (double) c.in() / c.groups() * c.receptiveField();
			case CONV_TRANSPOSE -> (double) c.out() / c.groups() * c.receptiveField();
			case DEPTHWISE -> c.receptiveField();
			case SEPARABLE -> (double) c.in() * c.depthMultiplier();
			case DO_CONV -> (double) c.in() / c.groups() * c.effectiveDMul();
			case LSTM, GRU -> c.out();
			default -> 0;
		};
		if (layer.kind() == LayerKind.ATTENTION || fanIn <= 0) {
			return new InitSpec.Constant("pytorch default: zeros", 0.0);
		}
		double bound = 1.0 / Math.sqrt(fanIn);
		String label = layer.kind() == LayerKind.LSTM || layer.kind() == LayerKind.GRU
				? "pytorch default: uniform_(b, -1/math.sqrt(hidden_size), 1/math.sqrt(hidden_size))"
				: "pytorch default: uniform_(b, -1/math.sqrt(fan_in), 1/math.sqrt(fan_in))";
		Distribution u = Distribution.symmetricUniform(bound);
		return new InitSpec.Explicit(label, u, InitSpec.Explicit.Meaning.DEFAULT, u.std());
	}

}
