package io.initaudit.core;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleUnaryOperator;

import org.jspecify.annotations.Nullable;

/**
 * Nonlinearities that can follow a layer, with the gain an initializer should use for each.
 *
 * <p>For y = Σ wᵢ f(xᵢ) with zero-mean weights of variance σ², Var(y) = fan_in · σ² · E[f(X)²]. The gain
 * g = 1/√E[f(X)²], X ~ N(0, 1), makes unit pre-activation variance a fixed point
 * (reference/semantics-more.md §6). E[f(X)²] is integrated here with composite Simpson on [−12, 12].
 */
public enum Activation {

	IDENTITY("identity", x -> x, 1.0),

	RELU("relu", x -> Math.max(0.0, x), Math.sqrt(2.0)),

	/** The gain depends on the negative slope: √(2 / (1 + slope²)). */
	LEAKY_RELU("leaky_relu", null, Double.NaN),

	/** Exact GELU, x·Φ(x). */
	GELU("gelu", x -> x * Gaussian.cdf(x), Double.NaN),

	/** SiLU / Swish(β = 1), x·sigmoid(x). */
	SILU("silu", x -> x / (1.0 + Math.exp(-x)), Double.NaN),

	/** x·tanh(softplus(x)). */
	MISH("mish", x -> x * Math.tanh(softplus(x)), Double.NaN),

	/** PyTorch's {@code calculate_gain('tanh')} = 5/3 (the second-moment gain would be 1.5925). */
	TANH("tanh", Math::tanh, 5.0 / 3.0),

	/** PyTorch's {@code calculate_gain('sigmoid')} = 1. */
	SIGMOID("sigmoid", x -> 1.0 / (1.0 + Math.exp(-x)), 1.0),

	/** Self-normalizing networks need LeCun scaling, gain 1 (PyTorch's 3/4 gives a fixed point q* ≈ 0.023). */
	SELU("selu", Activation::selu, 0.75),

	/** ELU(α): the gain is computed for the given α. */
	ELU("elu", null, Double.NaN),

	SOFTPLUS("softplus", Activation::softplus, Double.NaN),

	/** Used as an output: no gain is implied. */
	SOFTMAX("softmax", x -> x, 1.0);

	/** λ and α of SELU (Klambauer et al. 2017). */
	static final double SELU_LAMBDA = 1.0507009873554804934193349852946;

	static final double SELU_ALPHA = 1.6732632423543772848170429916717;

	/** PyTorch's default negative slope for a bare {@code calculate_gain('leaky_relu')} and nn.LeakyReLU. */
	public static final double DEFAULT_NEGATIVE_SLOPE = 0.01;

	private static final double INTEGRATION_LIMIT = 12.0;

	private static final int INTEGRATION_INTERVALS = 24_000;

	private static final Map<String, Double> SECOND_MOMENTS = new ConcurrentHashMap<>();

	private final String jsonName;

	private final @Nullable DoubleUnaryOperator function;

	private final double pytorchGain;

	Activation(String jsonName, @Nullable DoubleUnaryOperator function, double pytorchGain) {
		this.jsonName = jsonName;
		this.function = function;
		this.pytorchGain = pytorchGain;
	}

	public String jsonName() {
		return this.jsonName;
	}

	/** f itself; {@code param} is the negative slope of LeakyReLU or the α of ELU (ignored elsewhere). */
	public DoubleUnaryOperator function(double param) {
		return switch (this) {
			case LEAKY_RELU -> x -> x >= 0 ? x : param * x;
			case ELU -> x -> x >= 0 ? x : param * Math.expm1(x);
			default -> this.function;
		};
	}

	/** The default parameter of a parameterised activation (slope 0.01, ELU α = 1). */
	public double defaultParam() {
		return this == ELU ? 1.0 : DEFAULT_NEGATIVE_SLOPE;
	}

	/** E[f(X)²] for X ~ N(0, 1). */
	public double secondMoment(double param) {
		String key = this.name() + "/" + param;
		return SECOND_MOMENTS.computeIfAbsent(key, k -> integrateSquare(function(param)));
	}

	/** 1/√E[f(X)²]: the gain that keeps unit variance a fixed point. */
	public double secondMomentGain(double param) {
		return 1.0 / Math.sqrt(secondMoment(param));
	}

	/**
	 * The value {@code torch.nn.init.calculate_gain} returns for this nonlinearity, or {@code null} where it
	 * raises (GELU, SiLU, Mish, ELU, softplus have no gain there: {@code GAIN_UNDEFINED}).
	 */
	public @Nullable Double frameworkGain(double param) {
		if (this == LEAKY_RELU) {
			return Math.sqrt(2.0 / (1.0 + param * param));
		}
		return Double.isNaN(this.pytorchGain) ? null : this.pytorchGain;
	}

	/**
	 * The gain InitAudit holds as right for a layer followed by this activation: the framework's gain where one
	 * is defined (5/3 for tanh, 1 for sigmoid: the conventions users follow), 1 for SELU (LeCun, as
	 * self-normalization requires), and the second-moment gain where the framework defines none.
	 */
	public double intendedGain(double param) {
		if (this == SELU) {
			return 1.0;
		}
		Double g = frameworkGain(param);
		return g != null ? g : secondMomentGain(param);
	}

	/**
	 * {@code torch.nn.init.calculate_gain(nonlinearity, param)}, the one copy of PyTorch's table: √2 for relu, 5/3 for
	 * tanh, 3/4 for selu, 1 for linear, the conv names and sigmoid, √(2/(1+param²)) for leaky_relu with param 0.01 when
	 * none is given ({@code kaiming_*} passes its {@code a}, default 0).
	 *
	 * @throws IllegalArgumentException where torch raises (gelu, silu, … have no gain there)
	 */
	public static double torchCalculateGain(String nonlinearity, @Nullable Double param) {
		String nl = nonlinearity.toLowerCase(Locale.ROOT);
		if (nl.equals("selu")) {
			return 0.75;
		}
		Activation act = fromName(nl);
		double p = param != null ? param : DEFAULT_NEGATIVE_SLOPE;
		Double g = act == null ? null : act.frameworkGain(act == LEAKY_RELU ? p : act.defaultParam());
		if (g == null) {
			throw new IllegalArgumentException("torch.nn.init.calculate_gain raises for nonlinearity '" + nonlinearity + "'");
		}
		return g;
	}

	/** Whether the framework has no gain for this activation, so users guess one ({@code GAIN_UNDEFINED}). */
	public boolean gainUndefined() {
		return frameworkGain(defaultParam()) == null;
	}

	/** Whether a He-style (scale 2 / rectifier) gain is what users reach for with this activation. */
	public boolean isRectifierLike() {
		return this == RELU || this == LEAKY_RELU || this == GELU || this == SILU || this == MISH || this == ELU;
	}

	public static @Nullable Activation fromName(String name) {
		String n = name.toLowerCase(Locale.ROOT).replace("-", "_");
		for (Activation a : values()) {
			if (a.jsonName.equals(n)) {
				return a;
			}
		}
		return switch (n) {
			case "linear", "none", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d" -> IDENTITY;
			case "swish" -> SILU;
			case "leakyrelu", "leaky" -> LEAKY_RELU;
			default -> null;
		};
	}

	private static double integrateSquare(DoubleUnaryOperator f) {
		double h = 2 * INTEGRATION_LIMIT / INTEGRATION_INTERVALS;
		double sum = 0.0;
		for (int i = 0; i <= INTEGRATION_INTERVALS; i++) {
			double x = -INTEGRATION_LIMIT + i * h;
			double y = f.applyAsDouble(x);
			double w = (i == 0 || i == INTEGRATION_INTERVALS) ? 1 : (i % 2 == 1 ? 4 : 2);
			sum += w * y * y * Gaussian.pdf(x);
		}
		return sum * h / 3.0;
	}

	private static double softplus(double x) {
		return x > 30 ? x : Math.log1p(Math.exp(x));
	}

	private static double selu(double x) {
		return SELU_LAMBDA * (x >= 0 ? x : SELU_ALPHA * Math.expm1(x));
	}

}
