package io.initaudit.model;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * Whose semantics a declared initializer has, and whose weight layout a layer uses.
 */
public enum Framework {

	/** PyTorch, also timm and DO-Conv's PyTorch code. */
	PYTORCH("pytorch"),

	/** Keras 3. */
	KERAS("keras"),

	/** TF1 {@code tf.initializers.*} and tf.keras 2 (legacy). */
	TENSORFLOW("tensorflow"),

	JAX("jax"),

	FLAX("flax"),

	/** Deeplearning4j. */
	DL4J("dl4j");

	private final String jsonName;

	Framework(String jsonName) {
		this.jsonName = jsonName;
	}

	public String jsonName() {
		return this.jsonName;
	}

	/** Keras and TensorFlow share layouts and {@code compute_fans}. */
	public boolean isKerasFamily() {
		return this == KERAS || this == TENSORFLOW;
	}

	/** JAX and Flax share layouts ({@code (…k, in, out)}) and {@code _compute_fans}. */
	public boolean isJaxFamily() {
		return this == JAX || this == FLAX;
	}

	public static @Nullable Framework fromName(String name) {
		String n = name.toLowerCase(Locale.ROOT);
		for (Framework f : values()) {
			if (f.jsonName.equals(n)) {
				return f;
			}
		}
		return switch (n) {
			case "torch", "timm", "doconv", "do-conv" -> PYTORCH;
			case "tf", "tf.keras", "tf_keras", "tf-keras" -> TENSORFLOW;
			case "keras3" -> KERAS;
			case "deeplearning4j" -> DL4J;
			default -> null;
		};
	}

}
