package io.initaudit.semantics;

import io.initaudit.model.Framework;
import org.jspecify.annotations.Nullable;

/**
 * Whose code an initializer call runs, told from the call's module path or, without one, from the layer's
 * framework.
 */
enum Dialect {

	TORCH("pytorch"), TIMM("timm"), KERAS("keras"), TF1("tensorflow"), TF_CONTRIB("tensorflow.contrib"), JAX("jax"), DL4J("dl4j");

	private final String catalogueName;

	Dialect(String catalogueName) {
		this.catalogueName = catalogueName;
	}

	/** The key of this dialect's calls in GET /api/v1/frameworks. */
	String catalogueName() {
		return this.catalogueName;
	}

	static Dialect ofFramework(Framework f) {
		return switch (f) {
			case PYTORCH -> TORCH;
			case KERAS -> KERAS;
			case TENSORFLOW -> TF1;
			case JAX, FLAX -> JAX;
			case DL4J -> DL4J;
		};
	}

	/** The dialect a module path names, or {@code null} when it names none. */
	static @Nullable Dialect ofPath(String callee) {
		String c = callee;
		if (c.startsWith("timm.")) {
			return TIMM;
		}
		if (c.startsWith("tf.keras.") || c.startsWith("keras.") || c.startsWith("tf_keras.") || c.startsWith("tensorflow.keras.")) {
			return KERAS;
		}
		if (c.startsWith("tf.contrib.") || c.startsWith("tensorflow.contrib.")) {
			return TF_CONTRIB;
		}
		if (c.startsWith("tf.") || c.startsWith("tensorflow.")) {
			return TF1;
		}
		if (c.startsWith("jax.") || c.startsWith("nn.initializers.") || c.startsWith("flax.") || c.startsWith("initializers.")
				|| c.startsWith("jnn.")) {
			return JAX;
		}
		if (c.startsWith("torch.") || c.startsWith("nn.init.") || c.startsWith("init.")) {
			return TORCH;
		}
		if (c.startsWith("WeightInit") || c.startsWith("org.deeplearning4j.") || c.startsWith("org.nd4j.")) {
			return DL4J;
		}
		return null;
	}

}
