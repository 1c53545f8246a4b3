package io.initaudit.semantics;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import io.initaudit.core.Activation;
import io.initaudit.core.Distribution;
import io.initaudit.core.FanMode;
import io.initaudit.core.Sampling;
import io.initaudit.core.VarianceScaling;
import io.initaudit.model.Framework;
import io.initaudit.model.InitDecl;
import io.initaudit.model.LayerKind;
import org.jspecify.annotations.Nullable;

/**
 * The catalogue of recognised initializer calls: which code each call runs, and what it means
 * (reference/semantics.md §1.3, §2.3–2.4, §3, §4.2, §5, §6). Each entry is one line on top of
 * {@link VarianceScaling} or a fixed law.
 */
public final class Initializers {

	/**
	 * The tables that interpret calls, one per dialect: each recognised name maps to the rule that reads its arguments.
	 * Discovery (GET /api/v1/frameworks) lists these same tables, so what is listed is exactly what is interpreted.
	 */
	private static final Map<Dialect, Table> TABLES = new EnumMap<>(Dialect.class);

	static {
		TABLES.put(Dialect.TORCH, torchTable());
		TABLES.put(Dialect.TIMM, timmTable());
		TABLES.put(Dialect.KERAS, kerasTable());
		TABLES.put(Dialect.TF1, tf1Table());
		TABLES.put(Dialect.TF_CONTRIB, tfContribTable());
		TABLES.put(Dialect.JAX, jaxTable());
		TABLES.put(Dialect.DL4J, dl4jTable());
	}

	private Initializers() {
	}

	/** The calls each dialect interprets, as a user writes them, read from the interpreting tables. */
	public static Map<String, List<String>> recognised() {
		Map<String, List<String>> out = new LinkedHashMap<>();
		TABLES.forEach((d, t) -> out.put(d.catalogueName(), t.displays()));
		return out;
	}

	/** Resolves a declaration for a parameter of a layer of this kind in this framework. */
	public static InitSpec resolve(InitDecl decl, Framework framework, LayerKind kind) {
		if (decl instanceof InitDecl.Serialized s) {
			Map<String, CallValue> kwargs = new LinkedHashMap<>();
			s.config().forEach((k, v) -> kwargs.put(k, literal(v)));
			String callee = (framework == Framework.TENSORFLOW ? "tf.keras.initializers." : "keras.initializers.") + s.className();
			return fromValue(new CallValue.Call(callee, List.of(), Map.copyOf(kwargs)), decl.text(), framework, kind);
		}
		String text = decl.text();
		try {
			return fromValue(CallReader.read(text), text, framework, kind);
		}
		catch (UnreadableCallException ex) {
			return new InitSpec.Unknown(text, ex.getMessage());
		}
	}

	private static InitSpec fromValue(CallValue value, String text, Framework framework, LayerKind kind) {
		if (value instanceof CallValue.Scaled scaled) {
			InitSpec base = fromValue(scaled.base(), text, framework, kind);
			double f = scaled.factor();
			if (base instanceof InitSpec.Explicit e) {
				return new InitSpec.Explicit(text, e.law().scaled(f), e.meaning(), e.typedStd() * Math.abs(f));
			}
			if (base instanceof InitSpec.FanScaled fs && f != 0) {
				return new InitSpec.FanScaled(text, fs.scheme(), fs.scaling().withScale(fs.scaling().scale() * f * f), fs.fanRule());
			}
			return base instanceof InitSpec.Unknown ? base : new InitSpec.Unknown(text, "a scaled " + base.label() + " is not interpreted");
		}
		if (value instanceof CallValue.Name name) {
			return fromValue(new CallValue.Call(name.path(), List.of(), Map.of()), text, framework, kind);
		}
		if (value instanceof CallValue.Str str) {
			return fromValue(new CallValue.Call(str.value(), List.of(), Map.of()), text, framework, kind);
		}
		if (!(value instanceof CallValue.Call call)) {
			return new InitSpec.Unknown(text, "an initializer is a call, a name or a tensor expression; this is a constant");
		}
		try {
			InitSpec spec = byName(call, text, framework, kind);
			return spec != null ? spec : new InitSpec.Unknown(text, "'" + call.callee() + "' is not a recognised initializer");
		}
		catch (IllegalArgumentException ex) {
			return new InitSpec.Unknown(text, ex.getMessage());
		}
	}

	private static @Nullable InitSpec byName(CallValue.Call call, String text, Framework framework, LayerKind kind) {
		String simple = call.simpleName();
		Dialect path = Dialect.ofPath(call.callee());
		List<Dialect> order = new ArrayList<>();
		if (path != null) {
			order.add(path);
		}
		if (simple.startsWith("WeightInit") || simple.endsWith("Distribution")) {
			order.add(Dialect.DL4J);
		}
		if (TABLES.get(Dialect.TIMM).rule(simple) != null) {
			order.add(Dialect.TIMM);
		}
		order.add(Dialect.ofFramework(framework));
		order.addAll(List.of(Dialect.TORCH, Dialect.KERAS, Dialect.JAX, Dialect.TF1, Dialect.DL4J));
		for (Dialect d : order.stream().distinct().toList()) {
			InitSpec s = interpret(d, call, text, kind);
			// timm re-exports torch.nn.init's functions (timm.layers.trunc_normal_ is torch's).
			if (s == null && d == Dialect.TIMM) {
				s = interpret(Dialect.TORCH, call, text, kind);
			}
			if (s != null) {
				return s;
			}
		}
		return null;
	}

	private static @Nullable InitSpec interpret(Dialect d, CallValue.Call call, String text, LayerKind kind) {
		Rule rule = TABLES.get(d).rule(call.simpleName());
		if (rule == null) {
			return null;
		}
		// torch.nn.init functions take the tensor first; tensor methods (w.data.normal_) and other dialects do not.
		boolean tensorFirst = (d == Dialect.TORCH || d == Dialect.TIMM) && (!call.callee().contains(".") || Dialect.ofPath(call.callee()) != null);
		return rule.interpret(new Args(call, tensorFirst ? 1 : 0), text, call, kind);
	}

	private static Table torchTable() {
		return new Table(Function.identity())
			.on((a, text, call, kind) -> kaiming(a, text, Sampling.NORMAL), "torch.nn.init.kaiming_normal_", "torch.nn.init.kaiming_normal")
			.on((a, text, call, kind) -> kaiming(a, text, Sampling.UNIFORM), "torch.nn.init.kaiming_uniform_", "torch.nn.init.kaiming_uniform")
			.on((a, text, call, kind) -> xavier(a, text, Sampling.NORMAL), "torch.nn.init.xavier_normal_", "torch.nn.init.xavier_normal")
			.on((a, text, call, kind) -> xavier(a, text, Sampling.UNIFORM), "torch.nn.init.xavier_uniform_", "torch.nn.init.xavier_uniform")
			.on((a, text, call, kind) -> {
				double std = a.num("std", 1, 1.0);
				return new InitSpec.Explicit(text, Distribution.normal(a.num("mean", 0, 0.0), std), InitSpec.Explicit.Meaning.PLAIN, std);
			}, "torch.nn.init.normal_", "Tensor.normal_")
			.on((a, text, call, kind) -> uniform(text, a.num("a", 0, 0.0), a.num("b", 1, 1.0)), "torch.nn.init.uniform_", "Tensor.uniform_")
			.on((a, text, call, kind) -> {
				double std = a.num("std", 1, 1.0);
				return new InitSpec.Explicit(text, Distribution.truncatedNormal(a.num("mean", 0, 0.0), std, a.num("a", 2, -2.0), a.num("b", 3, 2.0)),
						InitSpec.Explicit.Meaning.ABSOLUTE_BOUNDS, std);
			}, "torch.nn.init.trunc_normal_")
			.on((a, text, call, kind) -> new InitSpec.Constant(text, a.num("val", 0, 0.0)), "torch.nn.init.constant_", "Tensor.fill_")
			.on((a, text, call, kind) -> new InitSpec.Constant(text, 0.0), "torch.nn.init.zeros_", "Tensor.zero_")
			.on((a, text, call, kind) -> new InitSpec.Constant(text, 1.0), "torch.nn.init.ones_")
			.on((a, text, call, kind) -> new InitSpec.Orthogonal(text, a.num("gain", 0, 1.0)), "torch.nn.init.orthogonal_")
			.on((a, text, call, kind) -> folded(call, text, true), "torch.fmod(torch.randn(...), m) * c")
			.on((a, text, call, kind) -> folded(call, text, false), "torch.remainder(torch.randn(...), m) * c")
			.on((a, text, call, kind) -> new InitSpec.Explicit(text, Distribution.normal(0.0, 1.0), InitSpec.Explicit.Meaning.PLAIN, 1.0),
					"torch.randn(...) * c", "torch.randn_like(...) * c");
	}

	private static Table timmTable() {
		return new Table(Function.identity())
			.on((a, text, call, kind) -> {
				double mean = a.num("mean", 0, 0.0);
				double std = a.num("std", 1, 1.0);
				return new InitSpec.Explicit(text, Distribution.truncatedNormal(mean, std, mean + a.num("a", 2, -2.0) * std, mean + a.num("b", 3, 2.0) * std),
						InitSpec.Explicit.Meaning.PRE_TRUNCATION, std);
			}, "timm.layers.trunc_normal_tf_")
			.on((a, text, call, kind) -> {
				Sampling s = switch (a.str("distribution", 2, "normal")) {
					case "normal" -> Sampling.NORMAL;
					case "truncated_normal" -> Sampling.TRUNCATED_NORMAL;
					case "uniform" -> Sampling.UNIFORM;
					default -> throw new IllegalArgumentException("distribution must be normal, truncated_normal or uniform");
				};
				return scaled(text, a.num("scale", 0, 1.0), FanMode.parse(a.str("mode", 1, "fan_in")), s, false);
			}, "timm.layers.variance_scaling_")
			.on((a, text, call, kind) -> new InitSpec.FanScaled(text, "lecun", VarianceScaling.lecun(Sampling.TRUNCATED_NORMAL), FanRule.FRAMEWORK),
					"timm.layers.lecun_normal_")
			.on((a, text, call, kind) -> {
				boolean fix = a.bool("fix_group_fanout", 1, true);
				if (kind == LayerKind.LINEAR) {
					// init_range = 1/sqrt(fan_out) with fan_in = 0: U(±1/√fan_out), variance 1/(3·fan_out).
					return new InitSpec.FanScaled(text, "variance_scaling", VarianceScaling.of(1.0 / 3.0, FanMode.FAN_OUT, Sampling.UNIFORM),
							FanRule.FRAMEWORK);
				}
				return new InitSpec.FanScaled(text, "he", VarianceScaling.of(2.0, FanMode.FAN_OUT, Sampling.NORMAL),
						fix ? FanRule.GOOG_GROUP_FIXED : FanRule.FRAMEWORK);
			}, "timm.models._efficientnet_builder._init_weight_goog(m, n='', fix_group_fanout=True)", "init_weight_goog");
	}

	private static InitSpec kaiming(Args a, String text, Sampling s) {
		double slope = a.num("a", 0, 0.0);
		FanMode mode = FanMode.parse(a.str("mode", 1, "fan_in"));
		double gain = Activation.torchCalculateGain(a.str("nonlinearity", 2, "leaky_relu"), slope);
		return new InitSpec.FanScaled(text, "he", VarianceScaling.of(gain * gain, mode, s), FanRule.FRAMEWORK);
	}

	private static InitSpec xavier(Args a, String text, Sampling s) {
		double gain = a.num("gain", 0, 1.0);
		return new InitSpec.FanScaled(text, "xavier", VarianceScaling.of(gain * gain, FanMode.FAN_AVG, s), FanRule.FRAMEWORK);
	}

	/** {@code torch.fmod(torch.randn(...), m)} (tails folded towards 0) or {@code torch.remainder} (wrapped into [0, m)). */
	private static InitSpec folded(CallValue.Call call, String text, boolean fmod) {
		String n = call.simpleName();
		CallValue input = call.arg("input", 0);
		if (!(input instanceof CallValue.Call src) || !isStandardNormal(src)) {
			throw new IllegalArgumentException(n + " of something other than a standard normal (torch.randn) is not interpreted");
		}
		CallValue other = call.arg("other", 1);
		if (!(other instanceof CallValue.Num m) || !(m.value() >= 1e-3) || m.value() > 1e3) {
			throw new IllegalArgumentException(n + " needs a divisor between 0.001 and 1000");
		}
		Distribution law = fmod ? Distribution.fmod(m.value(), 1.0) : Distribution.remainder(m.value(), 1.0);
		return new InitSpec.Explicit(text, law, fmod ? InitSpec.Explicit.Meaning.FMOD : InitSpec.Explicit.Meaning.REMAINDER, 1.0);
	}

	private static boolean isStandardNormal(CallValue.Call c) {
		String n = c.simpleName();
		return n.equals("randn") || n.equals("randn_like") || (n.equals("normal_") && c.args().size() <= 1 && c.kwargs().isEmpty());
	}

	private static Table kerasTable() {
		return new Table(Initializers::snake)
			.on((a, text, call, kind) -> {
				Sampling s = switch (a.str("distribution", 2, "truncated_normal")) {
					// Keras silently aliases 'normal' to 'truncated_normal'.
					case "normal", "truncated_normal" -> Sampling.TRUNCATED_NORMAL;
					case "untruncated_normal" -> Sampling.NORMAL;
					case "uniform" -> Sampling.UNIFORM;
					default -> throw new IllegalArgumentException("distribution must be truncated_normal, untruncated_normal or uniform");
				};
				return scaled(text, a.num("scale", 0, 1.0), FanMode.parse(a.str("mode", 1, "fan_in")), s, true);
			}, "keras.initializers.VarianceScaling")
			.on((a, text, call, kind) -> clamped(text, "xavier", VarianceScaling.glorot(Sampling.UNIFORM)), "keras.initializers.GlorotUniform")
			.on((a, text, call, kind) -> clamped(text, "xavier", VarianceScaling.glorot(Sampling.TRUNCATED_NORMAL)), "keras.initializers.GlorotNormal")
			.on((a, text, call, kind) -> clamped(text, "he", VarianceScaling.he(Sampling.TRUNCATED_NORMAL)), "keras.initializers.HeNormal")
			.on((a, text, call, kind) -> clamped(text, "he", VarianceScaling.he(Sampling.UNIFORM)), "keras.initializers.HeUniform")
			.on((a, text, call, kind) -> clamped(text, "lecun", VarianceScaling.lecun(Sampling.TRUNCATED_NORMAL)), "keras.initializers.LecunNormal")
			.on((a, text, call, kind) -> clamped(text, "lecun", VarianceScaling.lecun(Sampling.UNIFORM)), "keras.initializers.LecunUniform")
			// Keras 3 registers 'normal' and 'uniform' as aliases of RandomNormal and RandomUniform (keras/src/initializers/__init__.py).
			.on((a, text, call, kind) -> {
				double std = a.num("stddev", 1, 0.05);
				return new InitSpec.Explicit(text, Distribution.normal(a.num("mean", 0, 0.0), std), InitSpec.Explicit.Meaning.PLAIN, std);
			}, "keras.initializers.RandomNormal", "'normal'")
			.on((a, text, call, kind) -> truncatedTwoSigma(text, a.num("mean", 0, 0.0), a.num("stddev", 1, 0.05)), "keras.initializers.TruncatedNormal")
			.on((a, text, call, kind) -> uniform(text, a.num("minval", 0, -0.05), a.num("maxval", 1, 0.05)), "keras.initializers.RandomUniform",
					"'uniform'")
			.on((a, text, call, kind) -> new InitSpec.Constant(text, 0.0), "keras.initializers.Zeros")
			.on((a, text, call, kind) -> new InitSpec.Constant(text, 1.0), "keras.initializers.Ones")
			.on((a, text, call, kind) -> new InitSpec.Constant(text, a.num("value", 0, 0.0)), "keras.initializers.Constant")
			.on((a, text, call, kind) -> new InitSpec.Orthogonal(text, a.num("gain", 0, 1.0)), "keras.initializers.Orthogonal");
	}

	private static Table tf1Table() {
		return new Table(Function.identity())
			.on((a, text, call, kind) -> truncatedTwoSigma(text, a.num("mean", 0, 0.0), a.num("stddev", 1, 1.0)), "tf.compat.v1.truncated_normal_initializer",
					"tf.compat.v1.initializers.truncated_normal")
			.on((a, text, call, kind) -> {
				double std = a.num("stddev", 1, 1.0);
				return new InitSpec.Explicit(text, Distribution.normal(a.num("mean", 0, 0.0), std), InitSpec.Explicit.Meaning.PLAIN, std);
			}, "tf.compat.v1.random_normal_initializer", "tf.compat.v1.initializers.random_normal")
			.on((a, text, call, kind) -> uniform(text, a.num("minval", 0, 0.0), a.num("maxval", 1, 1.0)), "tf.compat.v1.random_uniform_initializer",
					"tf.compat.v1.initializers.random_uniform")
			.on((a, text, call, kind) -> clamped(text, "xavier", VarianceScaling.glorot(Sampling.UNIFORM)), "tf.compat.v1.glorot_uniform_initializer")
			.on((a, text, call, kind) -> clamped(text, "xavier", VarianceScaling.glorot(Sampling.TRUNCATED_NORMAL)), "tf.compat.v1.glorot_normal_initializer")
			.on((a, text, call, kind) -> {
				Sampling s = switch (a.str("distribution", 2, "truncated_normal")) {
					// TF 2.x init_ops.VarianceScaling (tf.compat.v1): the default is 'truncated_normal', and 'normal' is the same
					// ±2σ truncation with the 0.8796 correction (TF 1.x before 1.13 left the correction out of 'normal').
					case "normal", "truncated_normal" -> Sampling.TRUNCATED_NORMAL;
					case "untruncated_normal" -> Sampling.NORMAL;
					case "uniform" -> Sampling.UNIFORM;
					default -> throw new IllegalArgumentException("distribution must be normal, truncated_normal, untruncated_normal or uniform");
				};
				return scaled(text, a.num("scale", 0, 1.0), FanMode.parse(a.str("mode", 1, "fan_in")), s, true);
			}, "tf.compat.v1.variance_scaling_initializer", "tf.compat.v1.initializers.variance_scaling")
			.on((a, text, call, kind) -> new InitSpec.Constant(text, 0.0), "tf.compat.v1.zeros_initializer")
			.on((a, text, call, kind) -> new InitSpec.Constant(text, 1.0), "tf.compat.v1.ones_initializer")
			.on((a, text, call, kind) -> new InitSpec.Constant(text, a.num("value", 0, 0.0)), "tf.compat.v1.constant_initializer")
			.on((a, text, call, kind) -> new InitSpec.Orthogonal(text, a.num("gain", 0, 1.0)), "tf.compat.v1.orthogonal_initializer");
	}

	private static Table tfContribTable() {
		return new Table(Function.identity())
			.on((a, text, call, kind) -> contrib(text, 1.0, FanMode.FAN_AVG, a.bool("uniform", 0, true)), "tf.contrib.layers.xavier_initializer")
			.on((a, text, call, kind) -> contrib(text, a.num("factor", 0, 2.0), FanMode.parse(a.str("mode", 1, "FAN_IN")), a.bool("uniform", 2, false)),
					"tf.contrib.layers.variance_scaling_initializer");
	}

	private static InitSpec contrib(String text, double factor, FanMode mode, boolean uniform) {
		return scaled(text, factor, mode, uniform ? Sampling.UNIFORM : Sampling.TRUNCATED_NORMAL_TF_CONTRIB, false);
	}

	private static Table jaxTable() {
		return new Table(Function.identity())
			.on((a, text, call, kind) -> {
				Sampling s = switch (a.str("distribution", 2, "truncated_normal")) {
					case "truncated_normal" -> Sampling.TRUNCATED_NORMAL;
					case "normal" -> Sampling.NORMAL;
					case "uniform" -> Sampling.UNIFORM;
					default -> throw new IllegalArgumentException("distribution must be truncated_normal, normal or uniform");
				};
				return scaled(text, a.num("scale", 0, 1.0), FanMode.parse(a.str("mode", 1, "fan_in")), s, false);
			}, "jax.nn.initializers.variance_scaling")
			.on((a, text, call, kind) -> new InitSpec.FanScaled(text, "xavier", VarianceScaling.glorot(Sampling.UNIFORM), FanRule.FRAMEWORK),
					"jax.nn.initializers.glorot_uniform", "jax.nn.initializers.xavier_uniform")
			.on((a, text, call, kind) -> new InitSpec.FanScaled(text, "xavier", VarianceScaling.glorot(Sampling.TRUNCATED_NORMAL), FanRule.FRAMEWORK),
					"jax.nn.initializers.glorot_normal", "jax.nn.initializers.xavier_normal")
			.on((a, text, call, kind) -> new InitSpec.FanScaled(text, "lecun", VarianceScaling.lecun(Sampling.UNIFORM), FanRule.FRAMEWORK),
					"jax.nn.initializers.lecun_uniform")
			.on((a, text, call, kind) -> new InitSpec.FanScaled(text, "lecun", VarianceScaling.lecun(Sampling.TRUNCATED_NORMAL), FanRule.FRAMEWORK),
					"jax.nn.initializers.lecun_normal")
			.on((a, text, call, kind) -> new InitSpec.FanScaled(text, "he", VarianceScaling.he(Sampling.UNIFORM), FanRule.FRAMEWORK),
					"jax.nn.initializers.he_uniform", "jax.nn.initializers.kaiming_uniform")
			.on((a, text, call, kind) -> new InitSpec.FanScaled(text, "he", VarianceScaling.he(Sampling.TRUNCATED_NORMAL), FanRule.FRAMEWORK),
					"jax.nn.initializers.he_normal", "jax.nn.initializers.kaiming_normal")
			.on((a, text, call, kind) -> {
				double std = a.num("stddev", 0, 1e-2);
				return new InitSpec.Explicit(text, Distribution.normal(0.0, std), InitSpec.Explicit.Meaning.PLAIN, std);
			}, "jax.nn.initializers.normal")
			.on((a, text, call, kind) -> {
				double std = a.num("stddev", 0, 1e-2);
				return new InitSpec.Explicit(text, Distribution.truncatedNormal(0.0, std, a.num("lower", 2, -2.0) * std, a.num("upper", 3, 2.0) * std),
						InitSpec.Explicit.Meaning.PRE_TRUNCATION, std);
			}, "jax.nn.initializers.truncated_normal")
			.on((a, text, call, kind) -> {
				double scale = a.num("scale", 0, 1e-2);
				return new InitSpec.Explicit(text, Distribution.uniform(Math.min(0, scale), Math.max(0, scale)), InitSpec.Explicit.Meaning.ASYMMETRIC_UNIFORM,
						Math.abs(scale) / Math.sqrt(3.0));
			}, "jax.nn.initializers.uniform")
			.on((a, text, call, kind) -> new InitSpec.Constant(text, 0.0), "jax.nn.initializers.zeros", "flax.linen.initializers.zeros_init")
			.on((a, text, call, kind) -> new InitSpec.Constant(text, 1.0), "jax.nn.initializers.ones", "flax.linen.initializers.ones_init")
			.on((a, text, call, kind) -> new InitSpec.Constant(text, a.num("value", 0, 0.0)), "jax.nn.initializers.constant")
			.on((a, text, call, kind) -> new InitSpec.Orthogonal(text, a.num("scale", 0, 1.0)), "jax.nn.initializers.orthogonal");
	}

	private static Table dl4jTable() {
		return new Table(Initializers::dl4jKey)
			.on((a, text, call, kind) -> dl4jScaled(text, "xavier", 1.0, FanMode.FAN_AVG, Sampling.NORMAL), "WeightInit.XAVIER", "new WeightInitXavier()")
			.on((a, text, call, kind) -> dl4jScaled(text, "xavier", 1.0, FanMode.FAN_AVG, Sampling.UNIFORM), "WeightInit.XAVIER_UNIFORM",
					"new WeightInitXavierUniform()")
			.on((a, text, call, kind) -> dl4jScaled(text, "lecun", 1.0, FanMode.FAN_IN, Sampling.NORMAL), "WeightInit.XAVIER_FAN_IN",
					"WeightInit.LECUN_NORMAL", "WeightInit.NORMAL")
			// randn / √(shape[0] + shape[1]): variance 1/(fanIn + fanOut) = 0.5 over fan_avg.
			.on((a, text, call, kind) -> dl4jScaled(text, "xavier", 0.5, FanMode.FAN_AVG, Sampling.NORMAL), "WeightInit.XAVIER_LEGACY")
			.on((a, text, call, kind) -> dl4jScaled(text, "he", 2.0, FanMode.FAN_IN, Sampling.NORMAL), "WeightInit.RELU", "new WeightInitRelu()")
			.on((a, text, call, kind) -> dl4jScaled(text, "he", 2.0, FanMode.FAN_IN, Sampling.UNIFORM), "WeightInit.RELU_UNIFORM",
					"new WeightInitReluUniform()")
			.on((a, text, call, kind) -> dl4jScaled(text, "xavier", 16.0, FanMode.FAN_AVG, Sampling.UNIFORM), "WeightInit.SIGMOID_UNIFORM")
			.on((a, text, call, kind) -> dl4jScaled(text, "lecun", 1.0 / 3.0, FanMode.FAN_IN, Sampling.UNIFORM), "WeightInit.UNIFORM")
			.on((a, text, call, kind) -> dl4jScaled(text, "lecun", 1.0, FanMode.FAN_IN, Sampling.UNIFORM_BOUND_3_OVER_SQRT), "WeightInit.LECUN_UNIFORM")
			.on((a, text, call, kind) -> dl4jVarScaling(text, call.simpleName(), a.num("scale", 0, 1.0), FanMode.FAN_IN),
					"WeightInit.VAR_SCALING_NORMAL_FAN_IN", "new WeightInitVarScalingNormalFanIn(scale)")
			.on((a, text, call, kind) -> dl4jVarScaling(text, call.simpleName(), a.num("scale", 0, 1.0), FanMode.FAN_OUT),
					"WeightInit.VAR_SCALING_NORMAL_FAN_OUT", "new WeightInitVarScalingNormalFanOut(scale)")
			.on((a, text, call, kind) -> dl4jVarScaling(text, call.simpleName(), a.num("scale", 0, 1.0), FanMode.FAN_AVG),
					"WeightInit.VAR_SCALING_NORMAL_FAN_AVG", "new WeightInitVarScalingNormalFanAvg(scale)")
			// U(±3/√fan), times scale where a class is given one.
			.on((a, text, call, kind) -> dl4jUniformScaling(text, "lecun", a.num("scale", 0, 1.0), FanMode.FAN_IN), "WeightInit.VAR_SCALING_UNIFORM_FAN_IN",
					"new WeightInitVarScalingUniformFanIn(scale)")
			.on((a, text, call, kind) -> dl4jUniformScaling(text, "variance_scaling", a.num("scale", 0, 1.0), FanMode.FAN_OUT),
					"WeightInit.VAR_SCALING_UNIFORM_FAN_OUT", "new WeightInitVarScalingUniformFanOut(scale)")
			.on((a, text, call, kind) -> dl4jUniformScaling(text, "variance_scaling", a.num("scale", 0, 1.0), FanMode.FAN_AVG),
					"WeightInit.VAR_SCALING_UNIFORM_FAN_AVG", "new WeightInitVarScalingUniformFanAvg(scale)")
			.on((a, text, call, kind) -> new InitSpec.Constant(text, 0.0), "WeightInit.ZERO", "WeightInit.ZEROS")
			.on((a, text, call, kind) -> new InitSpec.Constant(text, 1.0), "WeightInit.ONES")
			.on((a, text, call, kind) -> new InitSpec.Constant(text, a.num("value", 0, 0.0)), "new WeightInitConstant(value)")
			.on((a, text, call, kind) -> {
				CallValue inner = a.value("distribution", 0);
				if (inner instanceof CallValue.Call c) {
					InitSpec s = interpret(Dialect.DL4J, c, text, kind);
					if (s != null) {
						return s;
					}
				}
				throw new IllegalArgumentException(
						"WeightInit.DISTRIBUTION needs the distribution, e.g. new WeightInitDistribution(new NormalDistribution(0, 0.01))");
			}, "new WeightInitDistribution(distribution)")
			.on((a, text, call, kind) -> {
				double std = a.num("std", 1, 1.0);
				return new InitSpec.Explicit(text, Distribution.normal(a.num("mean", 0, 0.0), std), InitSpec.Explicit.Meaning.PLAIN, std);
			}, "new NormalDistribution(mean, std)", "new GaussianDistribution(mean, std)")
			.on((a, text, call, kind) -> {
				double mean = a.num("mean", 0, 0.0);
				double std = a.num("std", 1, 1.0);
				Distribution d = Distribution.truncatedRedrawOnce(std);
				return new InitSpec.Explicit(text, new Distribution(d.family(), mean, d.std(), d.paramStd(), mean + d.lower(), mean + d.upper(), null),
						InitSpec.Explicit.Meaning.PRE_TRUNCATION, std);
			}, "new TruncatedNormalDistribution(mean, std)")
			.on((a, text, call, kind) -> uniform(text, a.num("lower", 0, 0.0), a.num("upper", 1, 1.0)), "new UniformDistribution(lower, upper)")
			.on((a, text, call, kind) -> new InitSpec.Orthogonal(text, a.num("gain", 0, 1.0)), "new OrthogonalDistribution(gain)");
	}

	/** WeightInit.RELU and new WeightInitRelu() → RELU; distribution classes keep their names. */
	private static String dl4jKey(String simpleName) {
		String n = simpleName;
		return n.startsWith("WeightInit") && n.length() > "WeightInit".length() ? snake(n.substring("WeightInit".length())).toUpperCase(Locale.ROOT) : n;
	}

	private static InitSpec dl4jUniformScaling(String text, String scheme, double scale, FanMode mode) {
		return dl4jScaled(text, scheme, scale * scale, mode, Sampling.UNIFORM_BOUND_3_OVER_SQRT);
	}

	/** DL4J {@code WeightInitVarScalingNormalFan*(scale)} classes: ND4J's truncated normal, no correction, re-drawn once. */
	private static InitSpec dl4jVarScaling(String text, String name, double scale, FanMode mode) {
		Sampling s = name.startsWith("WeightInit") ? Sampling.TRUNCATED_NORMAL_REDRAW_ONCE : Sampling.NORMAL;
		return dl4jScaled(text, scale == 2.0 ? "he" : (mode == FanMode.FAN_IN ? "lecun" : "variance_scaling"), scale, mode, s);
	}

	private static InitSpec dl4jScaled(String text, String scheme, double scale, FanMode mode, Sampling s) {
		return new InitSpec.FanScaled(text, scheme, VarianceScaling.of(scale, mode, s), FanRule.FRAMEWORK);
	}

	private static InitSpec scaled(String text, double scale, FanMode mode, Sampling s, boolean clamp) {
		return new InitSpec.FanScaled(text, schemeOf(scale, mode), new VarianceScaling(scale, mode, s, clamp), FanRule.FRAMEWORK);
	}

	private static InitSpec clamped(String text, String scheme, VarianceScaling vs) {
		return new InitSpec.FanScaled(text, scheme, new VarianceScaling(vs.scale(), vs.mode(), vs.sampling(), true), FanRule.FRAMEWORK);
	}

	/** he for scale 2 over fan_in, xavier for 1 over fan_avg, lecun for 1 over fan_in, else variance_scaling. */
	static String schemeOf(double scale, FanMode mode) {
		if (Math.abs(scale - 2.0) < 1e-12 && mode == FanMode.FAN_IN) {
			return "he";
		}
		if (Math.abs(scale - 1.0) < 1e-12) {
			return mode == FanMode.FAN_AVG ? "xavier" : (mode == FanMode.FAN_IN ? "lecun" : "variance_scaling");
		}
		return "variance_scaling";
	}

	private static InitSpec truncatedTwoSigma(String text, double mean, double std) {
		return new InitSpec.Explicit(text, Distribution.truncatedNormal(mean, std, mean - Distribution.TWO_SIGMA * std, mean + Distribution.TWO_SIGMA * std),
				InitSpec.Explicit.Meaning.PRE_TRUNCATION, std);
	}

	private static InitSpec uniform(String text, double lo, double hi) {
		Distribution u = Distribution.uniform(lo, hi);
		return new InitSpec.Explicit(text, u, InitSpec.Explicit.Meaning.PLAIN, u.std());
	}

	/** GlorotUniform → glorot_uniform, HeNormal → he_normal; snake_case passes through. */
	static String snake(String name) {
		if (name.contains("_") || name.equals(name.toLowerCase(Locale.ROOT))) {
			return name.toLowerCase(Locale.ROOT);
		}
		return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
	}

	private static CallValue literal(@Nullable Object v) {
		if (v instanceof Double d) {
			return new CallValue.Num(d);
		}
		if (v instanceof String s) {
			return new CallValue.Str(s);
		}
		if (v instanceof Boolean b) {
			return new CallValue.Bool(b);
		}
		return new CallValue.None();
	}

	/** What one recognised call means, read from its arguments. */
	@FunctionalInterface
	private interface Rule {

		@Nullable InitSpec interpret(Args args, String text, CallValue.Call call, LayerKind kind);

	}

	/**
	 * One dialect's recognised calls: each is written as a user writes it ({@code torch.nn.init.kaiming_normal_},
	 * {@code Tensor.fill_}, {@code 'normal'}, {@code new NormalDistribution(mean, std)}); its key is the call's simple name,
	 * normalised as the dialect needs (Keras: snake_case).
	 */
	private static final class Table {

		private final Function<String, String> key;

		private final Map<String, Rule> rules = new LinkedHashMap<>();

		private final List<String> displays = new ArrayList<>();

		Table(Function<String, String> key) {
			this.key = key;
		}

		Table on(Rule rule, String... forms) {
			for (String form : forms) {
				this.rules.put(this.key.apply(simpleName(form)), rule);
				this.displays.add(form);
			}
			return this;
		}

		@Nullable Rule rule(String simpleName) {
			return this.rules.get(this.key.apply(simpleName));
		}

		List<String> displays() {
			return List.copyOf(this.displays);
		}

		/** {@code torch.fmod(torch.randn(...), m) * c} → fmod; {@code 'normal'} → normal; {@code new X(a)} → X. */
		private static String simpleName(String form) {
			String f = form.startsWith("new ") ? form.substring(4) : form;
			f = f.replace("'", "");
			int paren = f.indexOf('(');
			if (paren >= 0) {
				f = f.substring(0, paren);
			}
			return f.substring(f.lastIndexOf('.') + 1);
		}

	}

	/** Arguments of one call; positions count after a leading tensor argument where the call form has one. */
	private record Args(CallValue.Call call, int offset) {

		@Nullable CallValue value(String name, int position) {
			CallValue v = this.call.arg(name, position + this.offset);
			return v instanceof CallValue.None ? null : v;
		}

		double num(String name, int position, double fallback) {
			CallValue v = value(name, position);
			if (v == null) {
				return fallback;
			}
			if (v instanceof CallValue.Num n) {
				return n.value();
			}
			if (v instanceof CallValue.Bool b) {
				return b.value() ? 1 : 0;
			}
			throw new IllegalArgumentException("argument '" + name + "' must be a number");
		}

		String str(String name, int position, String fallback) {
			CallValue v = value(name, position);
			if (v == null) {
				return fallback;
			}
			if (v instanceof CallValue.Str s) {
				return s.value().toLowerCase(Locale.ROOT);
			}
			throw new IllegalArgumentException("argument '" + name + "' must be a string");
		}

		boolean bool(String name, int position, boolean fallback) {
			CallValue v = value(name, position);
			if (v == null) {
				return fallback;
			}
			if (v instanceof CallValue.Bool b) {
				return b.value();
			}
			throw new IllegalArgumentException("argument '" + name + "' must be True or False");
		}

	}

}
