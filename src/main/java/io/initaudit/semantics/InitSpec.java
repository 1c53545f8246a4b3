package io.initaudit.semantics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.initaudit.core.Activation;
import io.initaudit.core.Decimals;
import io.initaudit.core.Distribution;
import io.initaudit.core.FanMode;
import io.initaudit.core.Fans;
import io.initaudit.core.Gaussian;
import io.initaudit.core.Sampling;
import io.initaudit.core.VarianceScaling;
import io.initaudit.model.Framework;
import io.initaudit.model.Intent;
import org.jspecify.annotations.Nullable;

/**
 * What an initializer call means, resolved from the call and its framework: enough to say, for any parameter,
 * which law it writes and what is wrong with it.
 */
public sealed interface InitSpec permits InitSpec.FanScaled, InitSpec.Explicit, InitSpec.Orthogonal, InitSpec.Constant, InitSpec.ForgetGateBias,
		InitSpec.Unknown {

	/** How the initializer is named in reports. */
	String label();

	/** Judges this initializer on one parameter. */
	Assessment assess(AssessContext ctx);

	/**
	 * A fan-based initializer: He/Kaiming, Glorot/Xavier, LeCun, variance scaling, and the framework defaults that
	 * are one of those.
	 *
	 * @param label e.g. {@code torch.nn.init.kaiming_normal_}
	 * @param scheme he, xavier, lecun or variance_scaling
	 * @param scaling the formula with the call's scale, mode and sampling
	 * @param fanRule which fans the code reads
	 */
	record FanScaled(String label, String scheme, VarianceScaling scaling, FanRule fanRule) implements InitSpec {

		@Override
		public Assessment assess(AssessContext ctx) {
			ParameterSpec p = ctx.param();
			Fans used = this.fanRule.fans(p);
			if (used == null) {
				return Unknown.of(this.label, "a fan-based initializer needs a tensor of at least 2 dimensions; " + p.name() + " has shape " + p.shape()
						+ " (the framework raises)", ctx);
			}
			Fans correct = p.correctFans() != null ? p.correctFans() : used;
			Distribution declared = this.scaling.distribution(used).scaled(p.compositeFactor());
			Thresholds t = ctx.thresholds();
			Intended intended = intendedOf(ctx, correct);
			List<Finding> findings = new ArrayList<>();
			fanFindings(p, used, correct, ctx, findings);
			Sampling sampling = this.scaling.sampling();
			double target = Math.sqrt(this.scaling.variance(used)) * p.compositeFactor();
			if (sampling == Sampling.UNIFORM_BOUND_3_OVER_SQRT) {
				double r = declared.std() / target;
				findings.add(new Finding(FindingCode.BOUND_3_OVER_SQRT_FAN, t.ofRatio(r),
						"the uniform bound is 3/√fan = %s instead of √(3/fan) = %s: std %s, %s× what %s should write".formatted(fmt(declared.upper()),
								fmt(Math.sqrt(3.0) * target), fmt(declared.std()), fmt(r), this.label),
						evidence("bound", declared.upper(), "correctBound", Math.sqrt(3.0) * target, "stdRatio", r)));
			}
			else if (sampling != sampling.corrected()) {
				double r = declared.std() / target;
				findings.add(new Finding(FindingCode.TRUNC_STD_PRE_TRUNCATION, t.ofRatio(r),
						"the sampler takes σ = %s as the parent normal's std and truncates at ±2σ: the samples have std %s (%s×)".formatted(
								fmt(declared.paramStd()), fmt(declared.std()), fmt(r)),
						evidence("paramStd", declared.paramStd(), "producedStd", declared.std(), "stdRatio", r)));
			}
			double callStd = Math.sqrt(this.scaling.variance(correct)) * p.compositeFactor();
			double gainRatio = callStd / intended.std();
			Severity gs = t.ofRatio(gainRatio);
			if (gs.atLeast(Severity.WARNING)) {
				boolean defaultInit = ctx.isDefault();
				Activation act = ctx.effectiveActivation();
				String actName = act == null ? "the intent" : act.jsonName();
				String message = defaultInit
						? "the %s default (%s, %s) gives std %s with correct fans; %s needs %s (%s, gain %s): %s×".formatted(p.framework().jsonName(),
								this.scheme, this.scaling.mode().jsonName(), fmt(callStd), actName, fmt(intended.std()), intended.scheme(),
								fmt(intended.gain()), fmt(gainRatio))
						: "the call uses gain %s (%s) but %s needs gain %s (%s): std %s instead of %s (%s×)".formatted(fmt(this.scaling.gain()),
								this.scaling.mode().jsonName(), actName, fmt(intended.gain()),
								intended.mode() == null ? "fixed std" : intended.mode().jsonName(), fmt(callStd), fmt(intended.std()), fmt(gainRatio));
				findings.add(new Finding(defaultInit ? FindingCode.DEFAULT_INIT_NOT_HE : FindingCode.GAIN_MISMATCH, gs, message,
						evidence("callGain", this.scaling.gain(), "intendedGain", intended.gain(), "callStd", callStd, "intendedStd", intended.std(),
								"stdRatio", gainRatio)));
			}
			Sampling fixed = sampling.corrected();
			Distribution corrected = fixed.distribution(intended.std() * intended.std());
			return new Assessment(used, declared, intended, findings, corrected, fixed);
		}

		private Intended intendedOf(AssessContext ctx, Fans correct) {
			Activation act = ctx.effectiveActivation();
			double param = ctx.followingParam();
			Intent in = ctx.intent();
			if (in != null) {
				return Explicit.fromIntent(in, act, param, correct);
			}
			if (ctx.isDefault() && act != null) {
				double g = act.intendedGain(param);
				return new Intended(act.isRectifierLike() ? "he" : "lecun", FanMode.FAN_IN, g, g / Math.sqrt(correct.fanIn()), false);
			}
			double g = act != null ? act.intendedGain(param) : this.scaling.gain();
			double n = this.scaling.fan(correct);
			return new Intended(this.scheme, this.scaling.mode(), g, g / Math.sqrt(n), false);
		}

		private void fanFindings(ParameterSpec p, Fans used, Fans correct, AssessContext ctx, List<Finding> findings) {
			FanMode mode = this.scaling.mode();
			boolean inDiff = mode.usesFanIn() && used.fanIn() != correct.fanIn();
			boolean outDiff = mode.usesFanOut() && used.fanOut() != correct.fanOut();
			FindingCode inCode = orGeneric(this.fanRule.fanInDefect(p));
			FindingCode outCode = orGeneric(this.fanRule.fanOutDefect(p));
			double denom = mode.denominator(used);
			if (inDiff && outDiff && inCode == outCode) {
				double r = Math.sqrt(mode.denominator(correct) / denom);
				findings.add(fanFinding(inCode, r, ctx, "fan_in " + fmt(used.fanIn()) + " and fan_out " + fmt(used.fanOut()), "fan_in "
						+ fmt(correct.fanIn()) + " and fan_out " + fmt(correct.fanOut()),
						evidence("frameworkFanIn", used.fanIn(), "correctFanIn", correct.fanIn(), "frameworkFanOut", used.fanOut(), "correctFanOut",
								correct.fanOut(), "stdRatio", r)));
				return;
			}
			if (inDiff) {
				double r = Math.sqrt(mode.denominator(Fans.of(correct.fanIn(), used.fanOut())) / denom);
				findings.add(fanFinding(inCode, r, ctx, "fan_in " + fmt(used.fanIn()), "fan_in " + fmt(correct.fanIn()),
						evidence("frameworkFanIn", used.fanIn(), "correctFanIn", correct.fanIn(), "stdRatio", r)));
			}
			if (outDiff) {
				double r = Math.sqrt(mode.denominator(Fans.of(used.fanIn(), correct.fanOut())) / denom);
				findings.add(fanFinding(outCode, r, ctx, "fan_out " + fmt(used.fanOut()), "fan_out " + fmt(correct.fanOut()),
						evidence("frameworkFanOut", used.fanOut(), "correctFanOut", correct.fanOut(), "stdRatio", r)));
			}
		}

		private Finding fanFinding(FindingCode code, double ratio, AssessContext ctx, String used, String correct, Map<String, Object> evidence) {
			String msg = "%s reads %s where the correct value is %s (%s): the std is %s× what the %s scheme intends".formatted(this.label, used, correct,
					code.summary(), fmt(ratio), this.scheme);
			return new Finding(code, ctx.thresholds().ofRatio(ratio), msg, evidence);
		}

		private static FindingCode orGeneric(@Nullable FindingCode code) {
			return code != null ? code : FindingCode.FANS_FROM_WRONG_AXES;
		}

	}

	/**
	 * A fan-agnostic law: an explicit std or range, a truncated or folded normal, a fixed framework default.
	 *
	 * @param label e.g. {@code torch.nn.init.trunc_normal_}
	 * @param law the law written
	 * @param meaning how the numbers the user typed relate to the law
	 * @param typedStd the std the user's numbers suggest they meant (σ argument, std of the symmetric range)
	 * @param fans the fans the framework's code computes for this law where they are not its fan function on the
	 * shape (Flax's default embedding init reads out_axis 0), else {@code null}
	 */
	record Explicit(String label, Distribution law, Meaning meaning, double typedStd, @Nullable Fans fans) implements InitSpec {

		public Explicit(String label, Distribution law, Meaning meaning, double typedStd) {
			this(label, law, meaning, typedStd, null);
		}

		/** How the numbers a user typed relate to the law written. */
		public enum Meaning {

			/** The std or range typed is what is written ({@code normal_}, {@code RandomNormal}, {@code uniform_}). */
			PLAIN,

			/** A σ argument of a ±2σ truncation in std units (Keras/TF/JAX {@code truncated_normal}, timm {@code trunc_normal_tf_}). */
			PRE_TRUNCATION,

			/** torch/timm {@code trunc_normal_}: σ pre-truncation and bounds in absolute units. */
			ABSOLUTE_BOUNDS,

			/** {@code fmod(randn, m) * c}. */
			FMOD,

			/** {@code remainder(randn, m) * c}. */
			REMAINDER,

			/** JAX {@code uniform(scale)}: U[0, scale). */
			ASYMMETRIC_UNIFORM,

			/** A framework's fixed default (biases, embeddings): reported, judged only against an explicit intent. */
			DEFAULT
		}

		/** Bounds within this distance of ±2σ count as "scaled to the std", i.e. a ±2σ truncation. */
		static final double TWO_SIGMA_TOLERANCE = 0.1;

		/** Bounds beyond this many σ truncate nothing that matters (P(|Z| &gt; 3) = 0.27%). */
		static final double NO_TRUNCATION_SIGMAS = 3.0;

		private @Nullable Fans fansOf(ParameterSpec p) {
			return this.fans != null ? this.fans : p.frameworkFans();
		}

		@Override
		public Assessment assess(AssessContext ctx) {
			Thresholds t = ctx.thresholds();
			ParameterSpec p = ctx.param();
			Intent in = ctx.intent();
			Intended intended;
			if (in != null) {
				Fans correct = p.correctFans() != null ? p.correctFans() : fansOf(p);
				if (correct == null && in.scheme() != Intent.Scheme.FIXED) {
					return new Assessment(fansOf(p), this.law, null, List.of(), null, null);
				}
				intended = fromIntent(in, ctx.effectiveActivation(), ctx.followingParam(), correct == null ? Fans.of(1, 1) : correct);
			}
			else if (this.meaning == Meaning.DEFAULT) {
				return new Assessment(fansOf(p), this.law, null, List.of(), null, null);
			}
			else {
				// An explicit std intends samples with that std (design/api.md §1), whatever follows the layer: transformers
				// write normal_(std=0.02) on purpose. An intent says otherwise where it is meant to preserve the variance.
				intended = new Intended("fixed", null, null, intendedStdFromCall(), isAmbiguous());
			}
			List<Finding> findings = new ArrayList<>();
			double lawStd = this.law.std();
			Double sigma = this.law.paramStd();
			switch (this.meaning) {
				case PRE_TRUNCATION -> findings.add(preTruncation(lawStd, sigma, in == null ? Severity.INFO : t.ofRatio(lawStd / sigma)));
				case ABSOLUTE_BOUNDS -> absoluteBounds(t, in, findings);
				case FMOD, REMAINDER -> {
					double r = lawStd / intendedStdFromCall();
					Severity s = max(t.ofRatio(r), Severity.WARNING);
					findings.add(new Finding(FindingCode.FMOD_NOT_TRUNCATION, s,
							"%s folds the normal's tails back inside ±%s instead of truncating them: std %s where a truncated normal has %s (%s×)".formatted(
									this.label, fmt(this.law.upper() == null ? 0 : Math.max(Math.abs(this.law.upper()), Math.abs(this.law.lower()))),
									fmt(lawStd), fmt(intendedStdFromCall()), fmt(r)),
							evidence("modulus", this.law.modulus(), "producedStd", lawStd, "truncatedStd", intendedStdFromCall(), "stdRatio", r)));
				}
				case ASYMMETRIC_UNIFORM -> findings.add(new Finding(FindingCode.UNIFORM_NOT_SYMMETRIC, Severity.ERROR,
						"%s samples U[0, %s): every weight is positive, mean %s".formatted(this.label, fmt(this.law.upper()), fmt(this.law.mean())),
						evidence("lower", this.law.lower(), "upper", this.law.upper(), "mean", this.law.mean())));
				default -> {
				}
			}
			if (!this.law.isCentred()) {
				double rel = Math.abs(this.law.mean()) / Math.max(lawStd, Double.MIN_NORMAL);
				findings.add(new Finding(FindingCode.NONZERO_MEAN, rel > t.errorDeviation() ? Severity.ERROR : Severity.WARNING,
						"the values written have mean %s (%s std)".formatted(fmt(this.law.mean()), fmt(rel)),
						evidence("mean", this.law.mean(), "std", lawStd, "meanOverStd", rel)));
			}
			if (in != null || !intended.scheme().equals("fixed")) {
				double r = this.typedStd / intended.std();
				Severity s = t.ofRatio(r);
				if (s.atLeast(Severity.WARNING)) {
					findings.add(new Finding(FindingCode.GAIN_MISMATCH, s,
							"the std typed (%s) is %s× the %s std %s that keeps the variance through the layer".formatted(fmt(this.typedStd), fmt(r),
									intended.scheme(), fmt(intended.std())),
							evidence("typedStd", this.typedStd, "intendedStd", intended.std(), "stdRatio", r)));
				}
			}
			return new Assessment(fansOf(p), this.law, intended, findings, correctedLaw(intended.std()), null);
		}

		private double intendedStdFromCall() {
			if (this.meaning == Meaning.FMOD || this.meaning == Meaning.REMAINDER) {
				// Folding at m meant truncating at m: the truncated normal's std.
				double m = this.law.modulus() == null ? Distribution.TWO_SIGMA : this.law.modulus();
				return Gaussian.truncatedStd(-m, m) * this.typedStd;
			}
			return this.typedStd;
		}

		private boolean isAmbiguous() {
			if (this.meaning == Meaning.PRE_TRUNCATION) {
				return true;
			}
			return this.meaning == Meaning.ABSOLUTE_BOUNDS && boundsInSigmas() <= Distribution.TWO_SIGMA + TWO_SIGMA_TOLERANCE;
		}

		private double boundsInSigmas() {
			double s = this.law.paramStd() == null || this.law.paramStd() == 0 ? Double.MIN_NORMAL : this.law.paramStd();
			double mu = this.law.paramStd() == null ? 0 : this.law.mean();
			return Math.min(Math.abs(this.law.lower() - mu), Math.abs(this.law.upper() - mu)) / s;
		}

		private void absoluteBounds(Thresholds t, @Nullable Intent in, List<Finding> findings) {
			double k = boundsInSigmas();
			double sigma = this.law.paramStd() == null ? 0 : this.law.paramStd();
			double r = this.law.std() / Math.max(sigma, Double.MIN_NORMAL);
			if (Math.abs(k - Distribution.TWO_SIGMA) <= TWO_SIGMA_TOLERANCE) {
				findings.add(preTruncation(this.law.std(), sigma, in == null ? Severity.INFO : t.ofRatio(r)));
				return;
			}
			Map<String, Object> ev = evidence("a", this.law.lower(), "b", this.law.upper(), "std", sigma, "boundsInStd", k, "stdRatio", r);
			if (k >= NO_TRUNCATION_SIGMAS) {
				findings.add(new Finding(FindingCode.TRUNC_BOUNDS_ABSOLUTE, Severity.WARNING,
						"a=%s and b=%s are absolute values: at std %s they sit at ±%sσ and truncate nothing; for a ±2σ truncation pass a=%s, b=%s"
								.formatted(fmt(this.law.lower()), fmt(this.law.upper()), fmt(sigma), fmt(k), fmt(-2 * sigma), fmt(2 * sigma)),
						ev));
			}
			else {
				findings.add(new Finding(FindingCode.TRUNC_BOUNDS_ABSOLUTE, max(t.ofRatio(r), Severity.WARNING),
						"a=%s and b=%s are absolute values: at std %s they cut at ±%sσ, giving std %s (%s× the std argument)".formatted(fmt(this.law.lower()),
								fmt(this.law.upper()), fmt(sigma), fmt(k), fmt(this.law.std()), fmt(r)),
						ev));
			}
		}

		private Finding preTruncation(double lawStd, @Nullable Double sigma, Severity severity) {
			double s = sigma == null ? lawStd : sigma;
			double r = lawStd / s;
			return new Finding(FindingCode.TRUNC_STD_PRE_TRUNCATION, severity,
					"std=%s is the σ of the normal before truncation at ±2σ: the samples have std %s (%s×). If you meant std %s, pass %s".formatted(
							fmt(s), fmt(lawStd), fmt(r), fmt(s), fmt(s / Gaussian.TRUNCATED_AT_TWO_SIGMA_STD)),
					evidence("paramStd", s, "producedStd", lawStd, "stdRatio", r));
		}

		private Distribution correctedLaw(double std) {
			return switch (this.law.family()) {
				case UNIFORM -> Distribution.symmetricUniform(Math.sqrt(3.0) * std);
				case TRUNCATED_NORMAL, TRUNCATED_NORMAL_REDRAW_ONCE -> Distribution.truncatedWithStd(std);
				case FMOD_NORMAL, REMAINDER_NORMAL -> {
					double m = this.law.modulus() == null ? Distribution.TWO_SIGMA : this.law.modulus();
					double sigma = std / Gaussian.truncatedStd(-m, m);
					yield Distribution.truncatedNormal(0.0, sigma, -m * sigma, m * sigma);
				}
				default -> Distribution.normal(0.0, std);
			};
		}

		/** The intended std of an explicit {@code intent}, with correct fans and the following activation's gain. */
		static Intended fromIntent(Intent in, @Nullable Activation act, double param, Fans correct) {
			if (in.scheme() == Intent.Scheme.FIXED) {
				return new Intended("fixed", null, null, in.std(), false);
			}
			FanMode mode = in.mode() != null ? in.mode() : in.scheme().defaultMode();
			double g;
			if (in.gain() != null) {
				g = in.gain();
			}
			else if (act != null) {
				g = act.intendedGain(param);
			}
			else {
				g = in.scheme() == Intent.Scheme.HE ? Math.sqrt(2.0) : 1.0;
			}
			double std = in.std() != null ? in.std() : g / Math.sqrt(mode.denominator(correct));
			return new Intended(in.scheme().jsonName(), mode, g, std, false);
		}

	}

	/**
	 * An orthogonal initializer: the tensor flattened to a matrix and made (semi-)orthogonal, times a gain.
	 */
	record Orthogonal(String label, double gain) implements InitSpec {

		@Override
		public Assessment assess(AssessContext ctx) {
			ParameterSpec p = ctx.param();
			Distribution declared = Distribution.orthogonal(this.gain, p.orthogonalRows(), p.orthogonalCols());
			int blocks = Math.max(1, p.stackedBlocks());
			// Stacked along PyTorch's rows, or along the last axis in Keras/JAX/DL4J layouts.
			long bRows = p.layout().outAxisFirst() ? p.orthogonalRows() / blocks : p.orthogonalRows();
			long bCols = p.layout().outAxisFirst() ? p.orthogonalCols() : p.orthogonalCols() / blocks;
			double perBlock = Math.abs(this.gain) / Math.sqrt((double) Math.max(bRows, bCols));
			Intended intended;
			Intent in = ctx.intent();
			Fans correct = p.correctFans() != null ? p.correctFans() : p.frameworkFans();
			if (in != null && correct != null) {
				intended = Explicit.fromIntent(in, ctx.effectiveActivation(), ctx.followingParam(), correct);
			}
			else {
				intended = new Intended("orthogonal", null, this.gain, perBlock, false);
			}
			List<Finding> findings = new ArrayList<>();
			double r = declared.std() / intended.std();
			if (blocks > 1 && in == null) {
				findings.add(new Finding(FindingCode.ORTHOGONAL_NOT_PER_GATE, ctx.thresholds().ofRatio(r),
						"%s makes the whole %d×%d matrix orthogonal, not each of its %d gate blocks: a block's RMS singular value is %s instead of %s"
								.formatted(this.label, p.orthogonalRows(), p.orthogonalCols(), blocks, fmt(r * Math.abs(this.gain)), fmt(Math.abs(this.gain))),
						evidence("gates", blocks, "blockRmsSingularValue", r * Math.abs(this.gain), "stdRatio", r)));
			}
			else if (in != null && ctx.thresholds().ofRatio(r).atLeast(Severity.WARNING)) {
				findings.add(new Finding(FindingCode.GAIN_MISMATCH, ctx.thresholds().ofRatio(r),
						"orthogonal with gain %s gives std %s; the %s intent needs %s (%s×)".formatted(fmt(this.gain), fmt(declared.std()), intended.scheme(),
								fmt(intended.std()), fmt(r)),
						evidence("gain", this.gain, "intendedStd", intended.std(), "stdRatio", r)));
			}
			Distribution corrected = Distribution.orthogonal(this.gain * intended.std() / declared.std(), p.orthogonalRows(), p.orthogonalCols());
			return new Assessment(p.frameworkFans(), declared, intended, findings, corrected, null);
		}

	}

	/** Every entry the same value: zeros, ones, a norm's γ, a layer scale. */
	record Constant(String label, double value) implements InitSpec {

		@Override
		public Assessment assess(AssessContext ctx) {
			return new Assessment(ctx.param().frameworkFans(), Distribution.constant(this.value), null, List.of(), null, null);
		}

	}

	/**
	 * An LSTM bias at {@code rest} with its forget-gate block at {@code forget}: Keras' and TensorFlow's
	 * {@code unit_forget_bias=True}, DL4J's {@code forgetGateBiasInit} (both default to 1).
	 */
	record ForgetGateBias(String label, int gates, double rest, double forget) implements InitSpec {

		@Override
		public Assessment assess(AssessContext ctx) {
			return new Assessment(ctx.param().frameworkFans(), Distribution.forgetGate(this.gates, this.rest, this.forget), null, List.of(), null, null);
		}

	}

	/** A call the service could not interpret: reported, not judged. */
	record Unknown(String label, String reason) implements InitSpec {

		@Override
		public Assessment assess(AssessContext ctx) {
			return of(this.label, this.reason, ctx);
		}

		static Assessment of(String label, String reason, AssessContext ctx) {
			return new Assessment(ctx.param().frameworkFans(), null, null, List.of(new Finding(FindingCode.UNKNOWN_INITIALIZER, Severity.WARNING,
					"'" + label + "' could not be interpreted: " + reason, evidence("init", label))), null, null);
		}

	}

	/** Six significant digits, as reports print numbers. */
	static String fmt(@Nullable Number value) {
		if (value == null) {
			return "null";
		}
		double v = value.doubleValue();
		return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Decimals.format(v);
	}

	static Map<String, Object> evidence(Object... kv) {
		Map<String, Object> m = new LinkedHashMap<>();
		for (int i = 0; i + 1 < kv.length; i += 2) {
			if (kv[i + 1] != null) {
				m.put((String) kv[i], kv[i + 1]);
			}
		}
		return m;
	}

	private static Severity max(Severity a, Severity b) {
		return a.atLeast(b) ? a : b;
	}

}
