package io.initaudit.semantics;

import java.util.Map;

import io.initaudit.model.InitDecl;
import io.initaudit.model.Layer;
import org.jspecify.annotations.Nullable;

/**
 * Which declaration covers a parameter, and what it does to it: the one lookup that the audit, measurement and
 * trials share.
 */
public final class Declarations {

	private Declarations() {
	}

	/** A parameter's declaration (or the framework default) and its assessment. */
	public record Assessed(ParameterSpec param, @Nullable InitDecl declaration, InitSpec spec, Assessment assessment) {

		public boolean isDefault() {
			return this.declaration == null;
		}

		/** The declaration as written, or the default's label. */
		public String initText() {
			return this.declaration == null ? this.spec.label() : this.declaration.text();
		}

	}

	public static Assessed assess(Layer layer, ParameterSpec p, Thresholds thresholds) {
		InitDecl decl = declarationFor(layer, p);
		InitSpec spec = decl == null ? Defaults.forParameter(p, layer) : Initializers.resolve(decl, layer.framework(), layer.kind());
		AssessContext ctx = new AssessContext(p, layer.kind(), layer.following(), layer.followingParam(),
				p.role().isFanScaled() ? layer.intent() : null, thresholds, decl == null);
		return new Assessed(p, decl, spec, spec.assess(ctx));
	}

	/** {@code inits} by name or alias first, then {@code bias_init} / {@code init} by role. */
	public static @Nullable InitDecl declarationFor(Layer layer, ParameterSpec p) {
		InitDecl exact = layer.inits().get(p.name());
		if (exact != null) {
			return exact;
		}
		for (Map.Entry<String, InitDecl> e : layer.inits().entrySet()) {
			if (p.answersTo(e.getKey())) {
				return e.getValue();
			}
		}
		return switch (p.role()) {
			case BIAS -> layer.biasInit();
			case WEIGHT, NORM_SCALE, LAYER_SCALE -> layer.init();
			// Keras and Flax users declare kernel_initializer; the recurrent kernel keeps its own (orthogonal) default.
			case RECURRENT -> layer.framework().isKerasFamily() || layer.framework().isJaxFamily() ? null : layer.init();
			default -> null;
		};
	}

}
