package io.initaudit.measure;

import java.util.ArrayList;
import java.util.List;

import io.initaudit.core.Decimals;
import io.initaudit.model.ModelDescription;
import io.initaudit.sampling.InitialWeights;
import io.initaudit.sampling.MeasurementSlots;
import io.initaudit.sampling.NetworkLimitException;
import io.initaudit.sampling.NetworkLimits;
import io.initaudit.sampling.Sampler;
import io.initaudit.sampling.Variant;
import io.initaudit.sampling.config.MeasureSettings;
import io.initaudit.semantics.Finding;
import io.initaudit.semantics.FindingCode;
import io.initaudit.semantics.Severity;
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

	private final Propagator propagator;

	private final InitialWeights initialWeights;

	private final MeasurementSlots slots;

	private final NetworkLimits limits;

	private final long maxActivationBytes;

	PropagationManagement(Propagator propagator, Sampler sampler, MeasurementSlots slots, MeasureSettings settings) {
		this.propagator = propagator;
		this.initialWeights = new InitialWeights(sampler);
		this.slots = slots;
		this.maxActivationBytes = settings.maxActivationBytes();
		this.limits = new NetworkLimits("propagation", "/model", settings.maxParameters(), "initaudit.measure.max-parameters", settings.maxBatchSize(),
				settings.maxActivationBytes(), "initaudit.measure.max-activation-bytes", propagator::unsupported);
	}

	public PropagationResult propagate(ModelDescription model, int batchSize, long seed, double varianceFactor) {
		SegmentPlan[] plan = new SegmentPlan[1];
		this.limits.check(model, batchSize, () -> (plan[0] = SegmentPlan.of(model, batchSize, this.maxActivationBytes)).peakBytes());
		return this.slots.run(() -> {
			try {
				return run(model, batchSize, seed, varianceFactor, plan[0]);
			}
			catch (OutOfMemoryError ex) {
				// The native allocator's cap (org.bytedeco.javacpp.maxphysicalbytes), not the heap: refuse, stay up.
				throw new NetworkLimitException("/batchSize", "the run needed more native memory than this instance allows ("
						+ ex.getMessage() + "): use a smaller batch or input");
			}
		});
	}

	private PropagationResult run(ModelDescription model, int batchSize, long seed, double factor, SegmentPlan plan) {
		long start = System.nanoTime();
		List<String> notes = new ArrayList<>();
		if (plan.segments().size() > 1) {
			notes.add(("the whole graph at batch %d would need about %d MiB of activations (initaudit.measure.max-activation-bytes: %d MiB), so it ran"
					+ " in %d segments, each recomputed from the outputs it reads for its backward pass: the whole batch in every layer, one more"
					+ " forward pass").formatted(batchSize, NetworkLimits.activationBytes(model, batchSize) >> 20, this.maxActivationBytes >> 20,
							plan.segments().size()));
		}
		Propagator.Run dRun = run(model, Variant.DECLARED, batchSize, seed, plan, notes);
		Propagator.Run cRun = run(model, Variant.CORRECTED, batchSize, seed, plan, new ArrayList<>());
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

	/** One variant's weights at a time: a run's arrays are garbage before the next variant's are drawn. */
	private Propagator.Run run(ModelDescription model, Variant variant, int batchSize, long seed, SegmentPlan plan, List<String> notes) {
		InitialWeights.Drawn drawn = this.initialWeights.draw(model, variant, seed);
		notes.addAll(drawn.notes());
		return this.propagator.run(model, drawn.weights(), batchSize, seed, plan);
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
