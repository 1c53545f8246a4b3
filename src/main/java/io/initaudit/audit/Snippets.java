package io.initaudit.audit;

import java.util.LinkedHashMap;
import java.util.Map;

import io.initaudit.core.Decimals;
import io.initaudit.core.Distribution;
import io.initaudit.core.FanMode;
import io.initaudit.core.Fans;
import io.initaudit.core.Sampling;
import io.initaudit.core.VarianceScaling;
import io.initaudit.model.Framework;
import io.initaudit.semantics.ParameterSpec;
import org.jspecify.annotations.Nullable;

/**
 * Paste-ready code for a corrected law, for PyTorch, Keras and JAX whatever the model's framework (and DL4J for
 * DL4J models). In the model's own framework a fan-based law is written the idiomatic way, compensating for the
 * framework's own fan computation (a Keras {@code VarianceScaling} scale); elsewhere as an explicit law.
 */
final class Snippets {

	private Snippets() {
	}

	static Map<String, String> of(Distribution law, @Nullable Sampling sampling, @Nullable FanMode mode, ParameterSpec p, Framework framework,
			int stackedBlocks) {
		Map<String, String> m = new LinkedHashMap<>();
		m.put("pytorch", pytorch(law, p, framework, stackedBlocks));
		m.put("keras", keras(law, sampling, mode, p, framework, stackedBlocks));
		m.put("jax", jax(law, sampling, mode, p, framework, stackedBlocks));
		if (framework == Framework.DL4J) {
			m.put("dl4j", dl4j(law));
		}
		return m;
	}

	private static String pytorch(Distribution law, ParameterSpec p, Framework framework, int blocks) {
		String target = framework == Framework.PYTORCH ? "m." + p.name() : "w";
		return switch (law.family()) {
			case UNIFORM -> "torch.nn.init.uniform_(%s, a=%s, b=%s)".formatted(target, n(law.lower()), n(law.upper()));
			case TRUNCATED_NORMAL, TRUNCATED_NORMAL_REDRAW_ONCE, FMOD_NORMAL, REMAINDER_NORMAL -> "torch.nn.init.trunc_normal_(%s, mean=0.0, std=%s, a=%s, b=%s)"
					.formatted(target, n(law.paramStd()), n(law.lower()), n(law.upper()));
			case ORTHOGONAL -> blocks > 1
					? "for g in %s.chunk(%d, 0): torch.nn.init.orthogonal_(g, gain=%s)".formatted(target, blocks, n(gain(law, p, blocks)))
					: "torch.nn.init.orthogonal_(%s, gain=%s)".formatted(target, n(gain(law, p, 1)));
			case CONSTANT -> "torch.nn.init.constant_(%s, %s)".formatted(target, n(law.mean()));
			default -> "torch.nn.init.normal_(%s, mean=0.0, std=%s)".formatted(target, n(law.std()));
		};
	}

	private static String keras(Distribution law, @Nullable Sampling sampling, @Nullable FanMode mode, ParameterSpec p, Framework framework, int blocks) {
		Fans fans = p.frameworkFans();
		if (framework.isKerasFamily() && sampling != null && mode != null && fans != null && mode != FanMode.FAN_GEO_AVG) {
			// Keras divides by its own fan: choose the scale so that √(scale / n_keras) is the intended std.
			double scale = law.std() * law.std() * VarianceScaling.kerasClamp(mode.denominator(fans));
			return "keras.initializers.VarianceScaling(scale=%s, mode='%s', distribution='%s')".formatted(n(scale), mode.jsonName(), kerasDistribution(sampling));
		}
		return switch (law.family()) {
			case UNIFORM -> "keras.initializers.RandomUniform(minval=%s, maxval=%s)".formatted(n(law.lower()), n(law.upper()));
			case TRUNCATED_NORMAL, TRUNCATED_NORMAL_REDRAW_ONCE, FMOD_NORMAL, REMAINDER_NORMAL -> "keras.initializers.TruncatedNormal(mean=0.0, stddev=%s)"
					.formatted(n(law.paramStd()));
			case ORTHOGONAL -> blocks > 1
					? "lambda shape, dtype=None: keras.ops.concatenate([keras.initializers.Orthogonal(gain=%s)((shape[0], shape[1] // %d)) for _ in range(%d)], axis=-1)"
							.formatted(n(gain(law, p, blocks)), blocks, blocks)
					: "keras.initializers.Orthogonal(gain=%s)".formatted(n(gain(law, p, 1)));
			case CONSTANT -> "keras.initializers.Constant(%s)".formatted(n(law.mean()));
			default -> "keras.initializers.RandomNormal(mean=0.0, stddev=%s)".formatted(n(law.std()));
		};
	}

	private static String jax(Distribution law, @Nullable Sampling sampling, @Nullable FanMode mode, ParameterSpec p, Framework framework, int blocks) {
		Fans fans = p.frameworkFans();
		if (framework.isJaxFamily() && sampling != null && mode != null && fans != null) {
			double scale = law.std() * law.std() * mode.denominator(fans);
			String dist = switch (sampling) {
				case UNIFORM -> "uniform";
				case NORMAL -> "normal";
				default -> "truncated_normal";
			};
			return "jax.nn.initializers.variance_scaling(%s, '%s', '%s')".formatted(n(scale), mode.jsonName(), dist);
		}
		return switch (law.family()) {
			case UNIFORM -> "lambda key, shape, dtype=jnp.float32: jax.random.uniform(key, shape, dtype, %s, %s)".formatted(n(law.lower()), n(law.upper()));
			case TRUNCATED_NORMAL, TRUNCATED_NORMAL_REDRAW_ONCE, FMOD_NORMAL, REMAINDER_NORMAL -> "jax.nn.initializers.truncated_normal(stddev=%s, lower=%s, upper=%s)"
					.formatted(n(law.paramStd()), n(law.lower() / law.paramStd()), n(law.upper() / law.paramStd()));
			case ORTHOGONAL -> blocks > 1
					? "lambda key, shape, dtype=jnp.float32: jnp.concatenate([jax.nn.initializers.orthogonal(%s)(k, (shape[0], shape[1] // %d), dtype) for k in jax.random.split(key, %d)], axis=-1)"
							.formatted(n(gain(law, p, blocks)), blocks, blocks)
					: "jax.nn.initializers.orthogonal(scale=%s)".formatted(n(gain(law, p, 1)));
			case CONSTANT -> "jax.nn.initializers.constant(%s)".formatted(n(law.mean()));
			default -> "jax.nn.initializers.normal(stddev=%s)".formatted(n(law.std()));
		};
	}

	private static String dl4j(Distribution law) {
		return switch (law.family()) {
			case UNIFORM -> "new WeightInitDistribution(new UniformDistribution(%s, %s))".formatted(n(law.lower()), n(law.upper()));
			case CONSTANT -> "new WeightInitConstant(%s)".formatted(n(law.mean()));
			case ORTHOGONAL -> "new WeightInitDistribution(new OrthogonalDistribution(%s))".formatted(n(law.upper()));
			// ND4J's TruncatedNormalDistribution is not a true truncation (nd4j-notes.md): a plain normal is closer.
			default -> "new WeightInitDistribution(new NormalDistribution(0, %s))".formatted(n(law.std()));
		};
	}

	private static String kerasDistribution(Sampling s) {
		return switch (s) {
			case UNIFORM -> "uniform";
			case NORMAL -> "untruncated_normal";
			default -> "truncated_normal";
		};
	}

	/** The gain of an orthogonal law made per block: its std times √max(block rows, block cols). */
	private static double gain(Distribution law, ParameterSpec p, int blocks) {
		boolean rowsStacked = p.layout().outAxisFirst();
		long rows = rowsStacked ? p.orthogonalRows() / blocks : p.orthogonalRows();
		long cols = rowsStacked ? p.orthogonalCols() : p.orthogonalCols() / blocks;
		return law.std() * Math.sqrt((double) Math.max(rows, cols));
	}

	/** Six significant digits, no trailing zeros; Python's None for a missing value. */
	static String n(@Nullable Double value) {
		return value == null ? "None" : Decimals.format(value);
	}

}
