package io.initaudit.semantics;

import java.util.Map;

import io.initaudit.core.Distribution;
import io.initaudit.core.FanMode;
import io.initaudit.core.Fans;
import io.initaudit.core.Sampling;
import io.initaudit.core.VarianceScaling;
import io.initaudit.model.Framework;
import io.initaudit.model.InitDecl;
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

	/** The forget-gate bias Keras ({@code unit_forget_bias}) and DL4J ({@code forgetGateBiasInit}) start an LSTM with. */
	public static final double FORGET_GATE_BIAS = 1.0;

	private static final InitSpec KERAS_GLOROT = new InitSpec.FanScaled("keras default: glorot_uniform", "xavier",
			new VarianceScaling(1.0, FanMode.FAN_AVG, Sampling.UNIFORM, true), FanRule.FRAMEWORK);

	private static final InitSpec KERAS_EMBEDDING = new InitSpec.Explicit("keras default: RandomUniform(-0.05, 0.05)", Distribution.uniform(-0.05, 0.05),
			InitSpec.Explicit.Meaning.DEFAULT, Distribution.uniform(-0.05, 0.05).std());

	/**
	 * Keras' layer constructor defaults by argument (keras/src/layers: Dense, Conv, DepthwiseConv, SeparableConv,
	 * LSTM/GRU, Embedding, the normalizations).
	 */
	private static final Map<String, InitSpec> KERAS_ARGUMENTS = Map.of("kernel_initializer", KERAS_GLOROT, "depthwise_initializer", KERAS_GLOROT,
			"pointwise_initializer", KERAS_GLOROT, "recurrent_initializer", new InitSpec.Orthogonal("keras default: orthogonal", 1.0), "bias_initializer",
			new InitSpec.Constant("keras default: zeros", 0.0), "embeddings_initializer", KERAS_EMBEDDING, "gamma_initializer",
			new InitSpec.Constant("keras default: ones", 1.0), "beta_initializer", new InitSpec.Constant("keras default: zeros", 0.0));

	private Defaults() {
	}

	/**
	 * Whether {@code declared}, given for a Keras layer's constructor argument ({@code kernel_initializer}, …), is the
	 * law Keras would use without it: the importer leaves such declarations out, so the audit speaks of the default.
	 */
	public static boolean isKerasArgumentDefault(String argument, InitDecl declared) {
		InitSpec def = KERAS_ARGUMENTS.get(argument);
		return def != null && sameLaw(def, Initializers.resolve(declared, Framework.KERAS, LayerKind.LINEAR));
	}

	private static boolean sameLaw(InitSpec a, InitSpec b) {
		if (a instanceof InitSpec.FanScaled f) {
			return b instanceof InitSpec.FanScaled g && f.scaling().equals(g.scaling()) && f.fanRule() == g.fanRule();
		}
		if (a instanceof InitSpec.Explicit e) {
			return b instanceof InitSpec.Explicit x && e.law().equals(x.law());
		}
		if (a instanceof InitSpec.Orthogonal o) {
			return b instanceof InitSpec.Orthogonal p && o.gain() == p.gain();
		}
		return a instanceof InitSpec.Constant c && b instanceof InitSpec.Constant d && c.value() == d.value();
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
			case KERAS, TENSORFLOW -> KERAS_ARGUMENTS.get(switch (kind) {
				case EMBEDDING -> "embeddings_initializer";
				default -> p.role() == Role.RECURRENT ? "recurrent_initializer" : "kernel_initializer";
			});
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
			if (layer.kind() == LayerKind.LSTM && fw != Framework.FLAX && fw != Framework.JAX) {
				// Keras LSTMCell(unit_forget_bias=True): zeros, ones, zeros for the i, f, c, o blocks; DL4J forgetGateBiasInit 1.0.
				return new InitSpec.ForgetGateBias(fw.jsonName() + " default: zeros, forget gate 1.0", 4, 0.0, FORGET_GATE_BIAS);
			}
			return new InitSpec.Constant(fw.jsonName() + " default: zeros", 0.0);
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
