package io.initaudit.sampling;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.initaudit.core.Distribution;
import io.initaudit.model.InitDecl;
import io.initaudit.model.Layer;
import io.initaudit.model.ModelDescription;
import io.initaudit.semantics.AssessContext;
import io.initaudit.semantics.Assessment;
import io.initaudit.semantics.Declarations;
import io.initaudit.semantics.Defaults;
import io.initaudit.semantics.Initializers;
import io.initaudit.semantics.ParameterSpec;
import io.initaudit.semantics.Parameters;
import io.initaudit.semantics.Thresholds;
import org.jspecify.annotations.Nullable;

/**
 * A network's initial weights for one {@link Variant}: the one place that chooses each parameter's law and its seed,
 * used by propagation, trials (every engine) and the benchmarks.
 *
 * <p>The law: a custom variant's call for the fan-scaled parameters of the layers it names; else the corrected law
 * for the corrected variant (the declared one where nothing needs correcting); else the declared law. A declared
 * init that cannot be interpreted falls back to the corrected law, or to the framework's default for the parameter,
 * and says so in a note. The seed of a parameter depends on the run's seed, the layer's index and the parameter's
 * name, never on the variant: every variant of a run starts from the same random stream per parameter.
 */
public final class InitialWeights {

	private final Sampler sampler;

	public InitialWeights(Sampler sampler) {
		this.sampler = sampler;
	}

	/**
	 * One parameter's law and seed.
	 *
	 * @param layer the layer that holds it
	 * @param spec the parameter
	 * @param law the law its values are drawn from
	 * @param seed the sampler's seed for it
	 * @param note why the law is not the one the variant asked for, or {@code null}
	 */
	public record Draw(Layer layer, ParameterSpec spec, Distribution law, long seed, @Nullable String note) {
	}

	/**
	 * A drawn network.
	 *
	 * @param weights layer name → its parameters' values, in network order
	 * @param notes what was drawn from another law than asked (uninterpretable declared inits)
	 */
	public record Drawn(Map<String, List<WeightTensor>> weights, List<String> notes) {
	}

	/** Every parameter of {@code model} with the law and seed it gets in {@code variant}, in network order. */
	public static List<Draw> plan(ModelDescription model, Variant variant, long seed) {
		List<Draw> out = new ArrayList<>();
		for (Layer l : model.layers()) {
			String custom = variant.inits().get(l.name());
			for (ParameterSpec p : Parameters.of(l)) {
				out.add(draw(l, p, variant, custom, seed));
			}
		}
		return out;
	}

	/** Draws every parameter of {@code model} for {@code variant}; the same {@code seed} gives the same values. */
	public Drawn draw(ModelDescription model, Variant variant, long seed) {
		Map<String, List<WeightTensor>> weights = new LinkedHashMap<>();
		List<String> notes = new ArrayList<>();
		for (Layer l : model.layers()) {
			weights.put(l.name(), new ArrayList<>());
		}
		for (Draw d : plan(model, variant, seed)) {
			float[] values = this.sampler.values(d.law(), d.spec().elements(), d.spec().orthogonalRows(), d.spec().orthogonalCols(), d.seed());
			weights.get(d.layer().name()).add(new WeightTensor(d.spec(), values));
			if (d.note() != null) {
				notes.add(d.layer().name() + "." + d.spec().name() + ": " + d.note());
			}
		}
		return new Drawn(weights, List.copyOf(notes));
	}

	private static Draw draw(Layer l, ParameterSpec p, Variant variant, @Nullable String custom, long seed) {
		long s = seed(seed, l, p);
		if (custom != null && p.role().isFanScaled()) {
			Distribution law = Initializers.resolve(new InitDecl.CallText(custom), l.framework(), l.kind())
				.assess(new AssessContext(p, l.kind(), l.following(), l.followingParam(), null, Thresholds.DEFAULT, false))
				.declared();
			if (law != null) {
				return new Draw(l, p, law, s, null);
			}
			return new Draw(l, p, frameworkDefault(l, p), s, "the variant's call could not be interpreted; drawn from the framework's default law");
		}
		Assessment a = Declarations.assess(l, p, Thresholds.DEFAULT).assessment();
		if (variant.isCorrected() && a.corrected() != null) {
			return new Draw(l, p, a.corrected(), s, null);
		}
		if (a.declared() != null) {
			return new Draw(l, p, a.declared(), s, null);
		}
		if (a.corrected() != null) {
			return new Draw(l, p, a.corrected(), s, "the declared init could not be interpreted; drawn from the corrected law");
		}
		return new Draw(l, p, frameworkDefault(l, p), s, "the declared init could not be interpreted; drawn from the framework's default law");
	}

	private static Distribution frameworkDefault(Layer l, ParameterSpec p) {
		Distribution law = Defaults.forParameter(p, l).assess(new AssessContext(p, l.kind(), null, 0, null, Thresholds.DEFAULT, true)).declared();
		if (law == null) {
			throw new IllegalStateException("no default law for " + l.name() + "." + p.name());
		}
		return law;
	}

	/** The seed of one parameter: mixes the run's seed, the layer's position and the parameter's name. */
	public static long seed(long seed, Layer l, ParameterSpec p) {
		return seed * 1_000_003L + l.index() * 7919L + p.name().hashCode();
	}

}
