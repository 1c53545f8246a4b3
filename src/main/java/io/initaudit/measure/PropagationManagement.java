package io.initaudit.measure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.initaudit.core.Decimals;
import io.initaudit.core.Distribution;
import io.initaudit.model.Layer;
import io.initaudit.model.ModelDescription;
import io.initaudit.semantics.AssessContext;
import io.initaudit.semantics.Declarations;
import io.initaudit.semantics.Defaults;
import io.initaudit.semantics.Finding;
import io.initaudit.semantics.FindingCode;
import io.initaudit.semantics.ParameterSpec;
import io.initaudit.semantics.Parameters;
import io.initaudit.semantics.Severity;
import io.initaudit.semantics.Thresholds;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * Signal propagation at initialization: the network is built twice, with the declared and with the corrected
 * init (every array drawn by InitAudit's own samplers), and pushed forward and backward once.
 *
 * <p>Thresholds: ACTIVATION_VARIANCE_EXPLODES when some layer's output variance exceeds {@code varianceFactor}
 * (100) times the input's; ACTIVATION_VARIANCE_VANISHES when the last layer's falls below 1/{@code varianceFactor}
 * of it.
 */
@Service
public class PropagationManagement {

	/**
	 * Bytes one activation value costs in a run: the float itself, its gradient, and the working copies of reshapes,
	 * permutes and op-internal buffers (about 4 floats per value on the examples).
	 */
	static final int BYTES_PER_ACTIVATION = 16;

	private final Propagator propagator;

	private final Sampler sampler;

	private final MeasurementSlots slots;

	private final MeasureSettings settings;

	PropagationManagement(Propagator propagator, Sampler sampler, MeasurementSlots slots, MeasureSettings settings) {
		this.propagator = propagator;
		this.sampler = sampler;
		this.slots = slots;
		this.settings = settings;
	}

	public PropagationResult propagate(ModelDescription model, int batchSize, long seed, double varianceFactor) {
		if (model.inputShape() == null || model.inputShape().elements() <= 0) {
			throw new ModelTooLargeException("/model/input/shape", "propagation needs input.shape (per sample, channels first)");
		}
		if (batchSize < 1 || batchSize > this.settings.maxBatchSize()) {
			throw new ModelTooLargeException("/batchSize", "batchSize must be between 1 and " + this.settings.maxBatchSize());
		}
		long params = 0;
		long activations = model.inputShape().elements();
		for (Layer l : model.layers()) {
			String why = this.propagator.unsupported(l);
			if (why != null) {
				throw new ModelTooLargeException(l.pointer().replace("/layers", "/model/layers") + "/type", why);
			}
			for (ParameterSpec p : Parameters.of(l)) {
				params += p.elements();
			}
			long out = l.outputShape().elements();
			activations += Math.max(out, 0);
		}
		if (params > this.settings.maxParameters()) {
			throw new ModelTooLargeException("/model/layers", "the network has " + params + " parameters; propagation is limited to "
					+ this.settings.maxParameters() + " (initaudit.measure.max-parameters)");
		}
		long bytes = activations * batchSize * BYTES_PER_ACTIVATION;
		if (bytes > this.settings.maxActivationBytes()) {
			throw new ModelTooLargeException("/batchSize", "batch " + batchSize + " needs about " + bytes / (1 << 20)
					+ " MiB of activations; the limit is " + this.settings.maxActivationBytes() / (1 << 20)
					+ " MiB (initaudit.measure.max-activation-bytes): use a smaller batch or input");
		}
		return this.slots.run(() -> {
			try {
				return run(model, batchSize, seed, varianceFactor);
			}
			catch (OutOfMemoryError ex) {
				// The native allocator's cap (org.bytedeco.javacpp.maxphysicalbytes), not the heap: refuse, stay up.
				throw new ModelTooLargeException("/batchSize", "the run needed more native memory than this instance allows ("
						+ ex.getMessage() + "): use a smaller batch or input");
			}
		});
	}

	private PropagationResult run(ModelDescription model, int batchSize, long seed, double factor) {
		long start = System.nanoTime();
		List<String> notes = new ArrayList<>();
		// One variant's weights at a time: the declared run's arrays are garbage before the corrected ones are drawn.
		Propagator.Run dRun = this.propagator.run(model, weights(model, seed, true, notes), batchSize, seed);
		Propagator.Run cRun = this.propagator.run(model, weights(model, seed, false, null), batchSize, seed);
		List<PropagationResult.LayerResult> layers = new ArrayList<>();
		for (int i = 0; i < dRun.layers().size(); i++) {
			LayerSignal d = dRun.layers().get(i);
			layers.add(new PropagationResult.LayerResult(d.name(), d.type(), PropagationResult.Signal.of(d),
					PropagationResult.Signal.of(cRun.layers().get(i))));
		}
		List<Finding> findings = new ArrayList<>();
		varianceFindings("declared", dRun, factor, findings);
		varianceFindings("corrected", cRun, factor, findings);
		return new PropagationResult(layers, findings, batchSize, seed, this.propagator.device(), (System.nanoTime() - start) / 1_000_000, notes);
	}

	/** Every parameter's values drawn from its declared (or corrected) law; the same seed for both variants. */
	private Map<String, List<Propagator.Tensor>> weights(ModelDescription model, long seed, boolean declared, @Nullable List<String> notes) {
		Map<String, List<Propagator.Tensor>> out = new LinkedHashMap<>();
		for (Layer l : model.layers()) {
			List<Propagator.Tensor> tensors = new ArrayList<>();
			for (ParameterSpec p : Parameters.of(l)) {
				Declarations.Assessed a = Declarations.assess(l, p, Thresholds.DEFAULT);
				Distribution dLaw = a.assessment().declared();
				Distribution cLaw = a.assessment().corrected();
				if (dLaw == null) {
					if (notes != null) {
						notes.add(l.name() + "." + p.name() + ": the declared init could not be interpreted; both runs use the corrected or default law");
					}
					dLaw = cLaw != null ? cLaw : Defaults.forParameter(p, l).assess(
							new AssessContext(p, l.kind(), null, 0, null, Thresholds.DEFAULT, true)).declared();
				}
				Distribution law = declared || cLaw == null ? dLaw : cLaw;
				long s = seed * 1_000_003L + l.index() * 7919L + p.name().hashCode();
				tensors.add(new Propagator.Tensor(p, this.sampler.values(law, p.elements(), p.orthogonalRows(), p.orthogonalCols(), s)));
			}
			out.put(l.name(), tensors);
		}
		return out;
	}

	private static void varianceFindings(String variant, Propagator.Run run, double factor, List<Finding> findings) {
		double in = Math.max(run.inputVariance(), Double.MIN_NORMAL);
		LayerSignal max = null;
		for (LayerSignal s : run.layers()) {
			if (max == null || !(s.activationVariance() <= max.activationVariance())) {
				max = s;
			}
		}
		LayerSignal last = run.layers().get(run.layers().size() - 1);
		Severity severity = variant.equals("declared") ? Severity.ERROR : Severity.WARNING;
		if (max != null && !(max.activationVariance() <= factor * in)) {
			findings.add(new Finding(FindingCode.ACTIVATION_VARIANCE_EXPLODES, severity,
					"with the %s init the activation variance reaches %s× the input's at %s (threshold %s×)".formatted(variant,
							Decimals.format(max.activationVariance() / in), max.name(), Decimals.format(factor)),
					PropagationResult.evidence("variant", variant, "layer", max.name(), "ratio", max.activationVariance() / in, "threshold", factor)));
		}
		if (!(last.activationVariance() >= in / factor)) {
			findings.add(new Finding(FindingCode.ACTIVATION_VARIANCE_VANISHES, severity,
					"with the %s init the activation variance falls to %s× the input's by %s (threshold 1/%s)".formatted(variant,
							Decimals.format(last.activationVariance() / in), last.name(), Decimals.format(factor)),
					PropagationResult.evidence("variant", variant, "layer", last.name(), "ratio", last.activationVariance() / in, "threshold",
							1 / factor)));
		}
	}

	public String device() {
		return this.propagator.device();
	}

}
