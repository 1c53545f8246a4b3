package io.initaudit.semantics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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

	/** The names each dialect recognises, for discovery (GET /api/v1/frameworks). */
	private static final Map<String, List<String>> RECOGNISED = new LinkedHashMap<>();

	static {
		RECOGNISED.put("pytorch", List.of("torch.nn.init.kaiming_normal_", "torch.nn.init.kaiming_uniform_", "torch.nn.init.xavier_normal_",
				"torch.nn.init.xavier_uniform_", "torch.nn.init.normal_", "torch.nn.init.uniform_", "torch.nn.init.trunc_normal_",
				"torch.nn.init.orthogonal_", "torch.nn.init.constant_", "torch.nn.init.zeros_", "torch.nn.init.ones_",
				"torch.nn.init.calculate_gain", "torch.fmod(torch.randn(...), m) * c", "torch.remainder(torch.randn(...), m) * c",
				"torch.randn(...) * c", "w.data.normal_(mean, std)", "w.data.uniform_(a, b)", "w.data.zero_()", "w.data.fill_(v)"));
		RECOGNISED.put("timm", List.of("timm.layers.trunc_normal_", "timm.layers.trunc_normal_tf_", "timm.layers.variance_scaling_",
				"timm.layers.lecun_normal_", "timm.models._efficientnet_builder._init_weight_goog(m, n='', fix_group_fanout=True)"));
		RECOGNISED.put("keras", List.of("VarianceScaling", "GlorotUniform", "GlorotNormal", "HeNormal", "HeUniform", "LecunNormal", "LecunUniform",
				"RandomNormal", "TruncatedNormal", "RandomUniform", "Zeros", "Ones", "Constant", "Orthogonal",
				"string ids: glorot_uniform, he_normal, …", "serialized {class_name, config}"));
		RECOGNISED.put("tensorflow", List.of("tf.truncated_normal_initializer", "tf.random_normal_initializer", "tf.random_uniform_initializer",
				"tf.variance_scaling_initializer", "tf.glorot_uniform_initializer", "tf.glorot_normal_initializer", "tf.initializers.*",
				"tf.contrib.layers.xavier_initializer", "tf.contrib.layers.variance_scaling_initializer", "tf.zeros_initializer",
				"tf.constant_initializer", "tf.orthogonal_initializer"));
		RECOGNISED.put("jax", List.of("jax.nn.initializers.variance_scaling", "glorot_uniform", "glorot_normal", "lecun_uniform", "lecun_normal",
				"he_uniform", "he_normal", "kaiming_*", "xavier_*", "normal", "truncated_normal", "uniform", "orthogonal", "zeros", "ones", "constant"));
		RECOGNISED.put("dl4j", List.of("WeightInit.XAVIER", "XAVIER_UNIFORM", "XAVIER_FAN_IN", "XAVIER_LEGACY", "RELU", "RELU_UNIFORM",
				"SIGMOID_UNIFORM", "UNIFORM", "LECUN_NORMAL", "LECUN_UNIFORM", "NORMAL", "VAR_SCALING_NORMAL_FAN_IN|OUT|AVG",
				"VAR_SCALING_UNIFORM_FAN_IN|OUT|AVG", "ZERO", "ONES", "new WeightInitXavier()", "new WeightInitVarScalingNormalFanIn(scale)",
				"new WeightInitVarScalingUniformFanIn(scale)", "new WeightInitDistribution(new NormalDistribution(mean, std))",
				"new TruncatedNormalDistribution(mean, std)", "new UniformDistribution(lo, hi)", "new OrthogonalDistribution(gain)"));
	}

	private Initializers() {
	}

	public static Map<String, List<String>> recognised() {
		return RECOGNISED;
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
		if (isTimmName(simple)) {
			order.add(Dialect.TIMM);
		}
		order.add(Dialect.ofFramework(framework));
		order.addAll(List.of(Dialect.TORCH, Dialect.KERAS, Dialect.JAX, Dialect.TF1, Dialect.DL4J));
		for (Dialect d : order.stream().distinct().toList()) {
			InitSpec s = switch (d) {
				case TORCH, TIMM -> torch(call, text, d, kind);
				case KERAS -> keras(call, text);
				case TF1 -> tf1(call, text);
				case TF_CONTRIB -> tfContrib(call, text);
				case JAX -> jax(call, text);
				case DL4J -> dl4j(call, text);
			};
			if (s != null) {
				return s;
			}
		}
		return null;
	}

	private static boolean isTimmName(String simple) {
		return simple.equals("trunc_normal_tf_") || simple.equals("variance_scaling_") || simple.equals("lecun_normal_")
				|| simple.endsWith("init_weight_goog");
	}

	private static @Nullable InitSpec torch(CallValue.Call call, String text, Dialect dialect, LayerKind kind) {
		String callee = call.callee();
		boolean functionForm = !callee.contains(".") || Dialect.ofPath(callee) != null;
		Args a = new Args(call, functionForm ? 1 : 0);
		String n = call.simpleName();
		switch (n) {
			case "kaiming_normal_", "kaiming_normal", "kaiming_uniform_", "kaiming_uniform" -> {
				if (dialect != Dialect.TORCH && dialect != Dialect.TIMM) {
					return null;
				}
				double slope = a.num("a", 0, 0.0);
				FanMode mode = FanMode.parse(a.str("mode", 1, "fan_in"));
				String nl = a.str("nonlinearity", 2, "leaky_relu");
				double gain = torchGain(nl, slope);
				Sampling s = n.contains("uniform") ? Sampling.UNIFORM : Sampling.NORMAL;
				return new InitSpec.FanScaled(text, "he", VarianceScaling.of(gain * gain, mode, s), FanRule.FRAMEWORK);
			}
			case "xavier_normal_", "xavier_normal", "xavier_uniform_", "xavier_uniform" -> {
				if (dialect != Dialect.TORCH && dialect != Dialect.TIMM && !n.endsWith("_")) {
					return null;
				}
				double gain = a.num("gain", 0, 1.0);
				Sampling s = n.contains("uniform") ? Sampling.UNIFORM : Sampling.NORMAL;
				return new InitSpec.FanScaled(text, "xavier", VarianceScaling.of(gain * gain, FanMode.FAN_AVG, s), FanRule.FRAMEWORK);
			}
			case "normal_" -> {
				double mean = a.num("mean", 0, 0.0);
				double std = a.num("std", 1, 1.0);
				return new InitSpec.Explicit(text, Distribution.normal(mean, std), InitSpec.Explicit.Meaning.PLAIN, std);
			}
			case "uniform_" -> {
				double lo = a.num("a", 0, 0.0);
				double hi = a.num("b", 1, 1.0);
				Distribution u = Distribution.uniform(lo, hi);
				return new InitSpec.Explicit(text, u, InitSpec.Explicit.Meaning.PLAIN, u.std());
			}
			case "trunc_normal_" -> {
				double mean = a.num("mean", 0, 0.0);
				double std = a.num("std", 1, 1.0);
				double lo = a.num("a", 2, -2.0);
				double hi = a.num("b", 3, 2.0);
				return new InitSpec.Explicit(text, Distribution.truncatedNormal(mean, std, lo, hi), InitSpec.Explicit.Meaning.ABSOLUTE_BOUNDS, std);
			}
			case "trunc_normal_tf_" -> {
				double mean = a.num("mean", 0, 0.0);
				double std = a.num("std", 1, 1.0);
				double lo = a.num("a", 2, -2.0);
				double hi = a.num("b", 3, 2.0);
				return new InitSpec.Explicit(text, Distribution.truncatedNormal(mean, std, mean + lo * std, mean + hi * std),
						InitSpec.Explicit.Meaning.PRE_TRUNCATION, std);
			}
			case "variance_scaling_" -> {
				double scale = a.num("scale", 0, 1.0);
				FanMode mode = FanMode.parse(a.str("mode", 1, "fan_in"));
				Sampling s = switch (a.str("distribution", 2, "normal")) {
					case "normal" -> Sampling.NORMAL;
					case "truncated_normal" -> Sampling.TRUNCATED_NORMAL;
					case "uniform" -> Sampling.UNIFORM;
					default -> throw new IllegalArgumentException("distribution must be normal, truncated_normal or uniform");
				};
				return scaled(text, scale, mode, s, false);
			}
			case "lecun_normal_" -> {
				return new InitSpec.FanScaled(text, "lecun", VarianceScaling.lecun(Sampling.TRUNCATED_NORMAL), FanRule.FRAMEWORK);
			}
			case "_init_weight_goog", "init_weight_goog" -> {
				boolean fix = a.bool("fix_group_fanout", 1, true);
				if (kind == LayerKind.LINEAR) {
					// init_range = 1/sqrt(fan_out) with fan_in = 0: U(±1/√fan_out), variance 1/(3·fan_out).
					return new InitSpec.FanScaled(text, "variance_scaling", VarianceScaling.of(1.0 / 3.0, FanMode.FAN_OUT, Sampling.UNIFORM),
							FanRule.FRAMEWORK);
				}
				return new InitSpec.FanScaled(text, "he", VarianceScaling.of(2.0, FanMode.FAN_OUT, Sampling.NORMAL),
						fix ? FanRule.GOOG_GROUP_FIXED : FanRule.FRAMEWORK);
			}
			case "constant_", "fill_" -> {
				return new InitSpec.Constant(text, a.num("val", 0, 0.0));
			}
			case "zeros_", "zero_" -> {
				return new InitSpec.Constant(text, 0.0);
			}
			case "ones_" -> {
				return new InitSpec.Constant(text, 1.0);
			}
			case "orthogonal_" -> {
				return new InitSpec.Orthogonal(text, a.num("gain", 0, 1.0));
			}
			case "fmod", "fmod_", "remainder", "remainder_" -> {
				CallValue input = call.arg("input", 0);
				if (!(input instanceof CallValue.Call src) || !isStandardNormal(src)) {
					throw new IllegalArgumentException(n + " of something other than a standard normal (torch.randn) is not interpreted");
				}
				CallValue other = call.arg("other", 1);
				if (!(other instanceof CallValue.Num m) || !(m.value() >= 1e-3) || m.value() > 1e3) {
					throw new IllegalArgumentException(n + " needs a divisor between 0.001 and 1000");
				}
				boolean fmod = n.startsWith("fmod");
				Distribution law = fmod ? Distribution.fmod(m.value(), 1.0) : Distribution.remainder(m.value(), 1.0);
				return new InitSpec.Explicit(text, law, fmod ? InitSpec.Explicit.Meaning.FMOD : InitSpec.Explicit.Meaning.REMAINDER, 1.0);
			}
			case "randn", "randn_like" -> {
				return new InitSpec.Explicit(text, Distribution.normal(0.0, 1.0), InitSpec.Explicit.Meaning.PLAIN, 1.0);
			}
			default -> {
				return null;
			}
		}
	}

	private static boolean isStandardNormal(CallValue.Call c) {
		String n = c.simpleName();
		return n.equals("randn") || n.equals("randn_like") || (n.equals("normal_") && c.args().size() <= 1 && c.kwargs().isEmpty());
	}

	/** torch.nn.init.calculate_gain as kaiming_* calls it: {@code a} is the leaky_relu slope (default 0 there). */
	static double torchGain(String nonlinearity, double slope) {
		String nl = nonlinearity.toLowerCase(Locale.ROOT);
		if (nl.equals("selu")) {
			return 0.75;
		}
		Activation act = Activation.fromName(nl);
		Double g = act == null ? null : act.frameworkGain(act == Activation.LEAKY_RELU ? slope : act.defaultParam());
		if (g == null) {
			throw new IllegalArgumentException("torch.nn.init.calculate_gain raises for nonlinearity '" + nonlinearity + "'");
		}
		return g;
	}

	private static @Nullable InitSpec keras(CallValue.Call call, String text) {
		Args a = new Args(call, 0);
		String n = snake(call.simpleName());
		return switch (n) {
			case "variance_scaling" -> {
				double scale = a.num("scale", 0, 1.0);
				FanMode mode = FanMode.parse(a.str("mode", 1, "fan_in"));
				Sampling s = switch (a.str("distribution", 2, "truncated_normal")) {
					// Keras silently aliases 'normal' to 'truncated_normal'.
					case "normal", "truncated_normal" -> Sampling.TRUNCATED_NORMAL;
					case "untruncated_normal" -> Sampling.NORMAL;
					case "uniform" -> Sampling.UNIFORM;
					default -> throw new IllegalArgumentException("distribution must be truncated_normal, untruncated_normal or uniform");
				};
				yield scaled(text, scale, mode, s, true);
			}
			case "glorot_uniform" -> clamped(text, "xavier", VarianceScaling.glorot(Sampling.UNIFORM));
			case "glorot_normal" -> clamped(text, "xavier", VarianceScaling.glorot(Sampling.TRUNCATED_NORMAL));
			case "he_normal" -> clamped(text, "he", VarianceScaling.he(Sampling.TRUNCATED_NORMAL));
			case "he_uniform" -> clamped(text, "he", VarianceScaling.he(Sampling.UNIFORM));
			case "lecun_normal" -> clamped(text, "lecun", VarianceScaling.lecun(Sampling.TRUNCATED_NORMAL));
			case "lecun_uniform" -> clamped(text, "lecun", VarianceScaling.lecun(Sampling.UNIFORM));
			// Keras 3 registers 'normal' and 'uniform' as aliases of RandomNormal and RandomUniform (keras/src/initializers/__init__.py).
			case "random_normal", "normal" -> {
				double std = a.num("stddev", 1, 0.05);
				yield new InitSpec.Explicit(text, Distribution.normal(a.num("mean", 0, 0.0), std), InitSpec.Explicit.Meaning.PLAIN, std);
			}
			case "truncated_normal" -> truncatedTwoSigma(text, a.num("mean", 0, 0.0), a.num("stddev", 1, 0.05));
			case "random_uniform", "uniform" -> uniform(text, a.num("minval", 0, -0.05), a.num("maxval", 1, 0.05));
			case "zeros" -> new InitSpec.Constant(text, 0.0);
			case "ones" -> new InitSpec.Constant(text, 1.0);
			case "constant" -> new InitSpec.Constant(text, a.num("value", 0, 0.0));
			case "orthogonal" -> new InitSpec.Orthogonal(text, a.num("gain", 0, 1.0));
			default -> null;
		};
	}

	private static @Nullable InitSpec tf1(CallValue.Call call, String text) {
		Args a = new Args(call, 0);
		String n = call.simpleName();
		return switch (n) {
			case "truncated_normal_initializer", "truncated_normal" -> truncatedTwoSigma(text, a.num("mean", 0, 0.0), a.num("stddev", 1, 1.0));
			case "random_normal_initializer", "random_normal" -> {
				double std = a.num("stddev", 1, 1.0);
				yield new InitSpec.Explicit(text, Distribution.normal(a.num("mean", 0, 0.0), std), InitSpec.Explicit.Meaning.PLAIN, std);
			}
			case "random_uniform_initializer", "random_uniform" -> uniform(text, a.num("minval", 0, 0.0), a.num("maxval", 1, 1.0));
			case "glorot_uniform_initializer" -> clamped(text, "xavier", VarianceScaling.glorot(Sampling.UNIFORM));
			case "glorot_normal_initializer" -> clamped(text, "xavier", VarianceScaling.glorot(Sampling.TRUNCATED_NORMAL));
			case "variance_scaling_initializer", "variance_scaling" -> {
				double scale = a.num("scale", 0, 1.0);
				FanMode mode = FanMode.parse(a.str("mode", 1, "fan_in"));
				Sampling s = switch (a.str("distribution", 2, "truncated_normal")) {
					// TF 2.x init_ops.VarianceScaling (tf.compat.v1): the default is 'truncated_normal', and 'normal' is the same
					// ±2σ truncation with the 0.8796 correction (TF 1.x before 1.13 left the correction out of 'normal').
					case "normal", "truncated_normal" -> Sampling.TRUNCATED_NORMAL;
					case "untruncated_normal" -> Sampling.NORMAL;
					case "uniform" -> Sampling.UNIFORM;
					default -> throw new IllegalArgumentException("distribution must be normal, truncated_normal, untruncated_normal or uniform");
				};
				yield scaled(text, scale, mode, s, true);
			}
			case "zeros_initializer" -> new InitSpec.Constant(text, 0.0);
			case "ones_initializer" -> new InitSpec.Constant(text, 1.0);
			case "constant_initializer" -> new InitSpec.Constant(text, a.num("value", 0, 0.0));
			case "orthogonal_initializer" -> new InitSpec.Orthogonal(text, a.num("gain", 0, 1.0));
			default -> null;
		};
	}

	private static @Nullable InitSpec tfContrib(CallValue.Call call, String text) {
		Args a = new Args(call, 0);
		return switch (call.simpleName()) {
			case "xavier_initializer" -> contrib(text, 1.0, FanMode.FAN_AVG, a.bool("uniform", 0, true));
			case "variance_scaling_initializer" -> contrib(text, a.num("factor", 0, 2.0), FanMode.parse(a.str("mode", 1, "FAN_IN")),
					a.bool("uniform", 2, false));
			default -> null;
		};
	}

	private static InitSpec contrib(String text, double factor, FanMode mode, boolean uniform) {
		return scaled(text, factor, mode, uniform ? Sampling.UNIFORM : Sampling.TRUNCATED_NORMAL_TF_CONTRIB, false);
	}

	private static @Nullable InitSpec jax(CallValue.Call call, String text) {
		Args a = new Args(call, 0);
		return switch (call.simpleName()) {
			case "variance_scaling" -> {
				double scale = a.num("scale", 0, 1.0);
				FanMode mode = FanMode.parse(a.str("mode", 1, "fan_in"));
				Sampling s = switch (a.str("distribution", 2, "truncated_normal")) {
					case "truncated_normal" -> Sampling.TRUNCATED_NORMAL;
					case "normal" -> Sampling.NORMAL;
					case "uniform" -> Sampling.UNIFORM;
					default -> throw new IllegalArgumentException("distribution must be truncated_normal, normal or uniform");
				};
				yield scaled(text, scale, mode, s, false);
			}
			case "glorot_uniform", "xavier_uniform" -> new InitSpec.FanScaled(text, "xavier", VarianceScaling.glorot(Sampling.UNIFORM), FanRule.FRAMEWORK);
			case "glorot_normal", "xavier_normal" -> new InitSpec.FanScaled(text, "xavier", VarianceScaling.glorot(Sampling.TRUNCATED_NORMAL),
					FanRule.FRAMEWORK);
			case "lecun_uniform" -> new InitSpec.FanScaled(text, "lecun", VarianceScaling.lecun(Sampling.UNIFORM), FanRule.FRAMEWORK);
			case "lecun_normal" -> new InitSpec.FanScaled(text, "lecun", VarianceScaling.lecun(Sampling.TRUNCATED_NORMAL), FanRule.FRAMEWORK);
			case "he_uniform", "kaiming_uniform" -> new InitSpec.FanScaled(text, "he", VarianceScaling.he(Sampling.UNIFORM), FanRule.FRAMEWORK);
			case "he_normal", "kaiming_normal" -> new InitSpec.FanScaled(text, "he", VarianceScaling.he(Sampling.TRUNCATED_NORMAL), FanRule.FRAMEWORK);
			case "normal" -> {
				double std = a.num("stddev", 0, 1e-2);
				yield new InitSpec.Explicit(text, Distribution.normal(0.0, std), InitSpec.Explicit.Meaning.PLAIN, std);
			}
			case "truncated_normal" -> {
				double std = a.num("stddev", 0, 1e-2);
				double lo = a.num("lower", 2, -2.0);
				double hi = a.num("upper", 3, 2.0);
				yield new InitSpec.Explicit(text, Distribution.truncatedNormal(0.0, std, lo * std, hi * std), InitSpec.Explicit.Meaning.PRE_TRUNCATION,
						std);
			}
			case "uniform" -> {
				double scale = a.num("scale", 0, 1e-2);
				yield new InitSpec.Explicit(text, Distribution.uniform(Math.min(0, scale), Math.max(0, scale)),
						InitSpec.Explicit.Meaning.ASYMMETRIC_UNIFORM, Math.abs(scale) / Math.sqrt(3.0));
			}
			case "zeros", "zeros_init" -> new InitSpec.Constant(text, 0.0);
			case "ones", "ones_init" -> new InitSpec.Constant(text, 1.0);
			case "constant" -> new InitSpec.Constant(text, a.num("value", 0, 0.0));
			case "orthogonal" -> new InitSpec.Orthogonal(text, a.num("scale", 0, 1.0));
			default -> null;
		};
	}

	private static @Nullable InitSpec dl4j(CallValue.Call call, String text) {
		Args a = new Args(call, 0);
		String n = call.simpleName();
		String key = n.startsWith("WeightInit") && n.length() > "WeightInit".length() ? snake(n.substring("WeightInit".length())).toUpperCase(Locale.ROOT)
				: n;
		double scale = a.num("scale", 0, 1.0);
		return switch (key) {
			case "XAVIER" -> dl4jScaled(text, "xavier", 1.0, FanMode.FAN_AVG, Sampling.NORMAL);
			case "XAVIER_UNIFORM" -> dl4jScaled(text, "xavier", 1.0, FanMode.FAN_AVG, Sampling.UNIFORM);
			case "XAVIER_FAN_IN", "LECUN_NORMAL", "NORMAL" -> dl4jScaled(text, "lecun", 1.0, FanMode.FAN_IN, Sampling.NORMAL);
			// randn / √(shape[0] + shape[1]): variance 1/(fanIn + fanOut) = 0.5 over fan_avg.
			case "XAVIER_LEGACY" -> dl4jScaled(text, "xavier", 0.5, FanMode.FAN_AVG, Sampling.NORMAL);
			case "RELU" -> dl4jScaled(text, "he", 2.0, FanMode.FAN_IN, Sampling.NORMAL);
			case "RELU_UNIFORM" -> dl4jScaled(text, "he", 2.0, FanMode.FAN_IN, Sampling.UNIFORM);
			case "SIGMOID_UNIFORM" -> dl4jScaled(text, "xavier", 16.0, FanMode.FAN_AVG, Sampling.UNIFORM);
			case "UNIFORM" -> dl4jScaled(text, "lecun", 1.0 / 3.0, FanMode.FAN_IN, Sampling.UNIFORM);
			case "LECUN_UNIFORM" -> dl4jScaled(text, "lecun", 1.0, FanMode.FAN_IN, Sampling.UNIFORM_BOUND_3_OVER_SQRT);
			case "VAR_SCALING_NORMAL_FAN_IN" -> dl4jVarScaling(text, n, scale, FanMode.FAN_IN);
			case "VAR_SCALING_NORMAL_FAN_OUT" -> dl4jVarScaling(text, n, scale, FanMode.FAN_OUT);
			case "VAR_SCALING_NORMAL_FAN_AVG" -> dl4jVarScaling(text, n, scale, FanMode.FAN_AVG);
			// U(±3/√fan), times scale where a class is given one.
			case "VAR_SCALING_UNIFORM_FAN_IN" -> dl4jScaled(text, "lecun", scale * scale, FanMode.FAN_IN, Sampling.UNIFORM_BOUND_3_OVER_SQRT);
			case "VAR_SCALING_UNIFORM_FAN_OUT" -> dl4jScaled(text, "variance_scaling", scale * scale, FanMode.FAN_OUT,
					Sampling.UNIFORM_BOUND_3_OVER_SQRT);
			case "VAR_SCALING_UNIFORM_FAN_AVG" -> dl4jScaled(text, "variance_scaling", scale * scale, FanMode.FAN_AVG,
					Sampling.UNIFORM_BOUND_3_OVER_SQRT);
			case "ZERO", "ZEROS" -> new InitSpec.Constant(text, 0.0);
			case "ONES" -> new InitSpec.Constant(text, 1.0);
			case "CONSTANT" -> new InitSpec.Constant(text, a.num("value", 0, 0.0));
			case "DISTRIBUTION" -> {
				CallValue inner = a.value("distribution", 0);
				if (inner instanceof CallValue.Call c) {
					yield dl4j(c, text);
				}
				throw new IllegalArgumentException("WeightInit.DISTRIBUTION needs the distribution, e.g. new WeightInitDistribution(new NormalDistribution(0, 0.01))");
			}
			case "NormalDistribution", "GaussianDistribution" -> {
				double std = a.num("std", 1, 1.0);
				yield new InitSpec.Explicit(text, Distribution.normal(a.num("mean", 0, 0.0), std), InitSpec.Explicit.Meaning.PLAIN, std);
			}
			case "TruncatedNormalDistribution" -> {
				double mean = a.num("mean", 0, 0.0);
				double std = a.num("std", 1, 1.0);
				Distribution d = Distribution.truncatedRedrawOnce(std);
				yield new InitSpec.Explicit(text, new Distribution(d.family(), mean, d.std(), d.paramStd(), mean + d.lower(), mean + d.upper(), null),
						InitSpec.Explicit.Meaning.PRE_TRUNCATION, std);
			}
			case "UniformDistribution" -> uniform(text, a.num("lower", 0, 0.0), a.num("upper", 1, 1.0));
			case "OrthogonalDistribution" -> new InitSpec.Orthogonal(text, a.num("gain", 0, 1.0));
			default -> null;
		};
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
