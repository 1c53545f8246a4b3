package io.initaudit.measure;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.initaudit.model.Layer;
import io.initaudit.model.ModelDescription;
import io.initaudit.sampling.NetworkLimits;

/**
 * How a propagation is cut so that it fits its activation memory: consecutive runs of layers ({@code [from, to)} in
 * the model's order), each built, run forward and backward on its own. The engine runs the whole batch forward once,
 * keeping only the outputs that cross a cut, then walks the segments backwards: it recomputes a segment from the
 * outputs it reads and back-propagates the gradient that later segments sent to its outputs. Every layer sees the
 * whole batch, so batch-norm statistics are those of the whole batch (no ghost batches); the price is one more
 * forward pass. A network whose whole graph fits is one segment and runs as before.
 *
 * @param segments the cuts, {@code [from, to)} per segment, covering every layer once, in order
 * @param peakBytes the activation memory the run needs: the largest segment at
 *        {@link NetworkLimits#BYTES_PER_ACTIVATION} per value, plus every output kept across a cut and its gradient
 */
public record SegmentPlan(List<Segment> segments, long peakBytes) {

	/** Bytes an output kept across a cut costs per value: the float and, during the backward walk, its gradient. */
	static final int BYTES_PER_KEPT_VALUE = 8;

	/** Layers {@code [from, to)}. */
	public record Segment(int from, int to) {
	}

	public SegmentPlan {
		segments = List.copyOf(segments);
	}

	/**
	 * The plan for {@code model} at {@code batch}: one segment when the whole graph needs at most
	 * {@code maxActivationBytes} (or when it is {@code 0}, no bound) or when cutting would not need less; else
	 * segments of at most a quarter of it each (a single layer larger than that is a segment of its own).
	 */
	public static SegmentPlan of(ModelDescription model, int batch, long maxActivationBytes) {
		List<Layer> layers = model.layers();
		long whole = NetworkLimits.activationBytes(model, batch);
		if (maxActivationBytes <= 0 || whole <= maxActivationBytes || layers.size() < 2) {
			return new SegmentPlan(List.of(new Segment(0, layers.size())), whole);
		}
		long budget = maxActivationBytes / 4 / ((long) batch * NetworkLimits.BYTES_PER_ACTIVATION);
		List<Segment> segments = new ArrayList<>();
		int from = 0;
		long values = 0;
		for (int k = 0; k < layers.size(); k++) {
			long v = elements(layers.get(k));
			if (k > from && values + v > budget) {
				segments.add(new Segment(from, k));
				from = k;
				values = 0;
			}
			values += v;
		}
		segments.add(new Segment(from, layers.size()));
		long peak = peakBytes(model, batch, segments);
		// A chain of layers of one size keeps as much across its cuts as it saves: then the whole graph it is.
		return peak < whole ? new SegmentPlan(segments, peak) : new SegmentPlan(List.of(new Segment(0, layers.size())), whole);
	}

	/** The layers (by name, {@link ModelDescription#INPUT} for the input) that {@code segment} reads from before it. */
	public static List<String> externals(ModelDescription model, Segment segment) {
		List<String> out = new ArrayList<>();
		Map<String, Integer> position = positions(model);
		for (int k = segment.from(); k < segment.to(); k++) {
			for (String name : model.layers().get(k).inputs()) {
				int at = position.getOrDefault(name, -1);
				if (at < segment.from() && !out.contains(name)) {
					out.add(name);
				}
			}
		}
		return out;
	}

	/** The outputs of layers before {@code cut} that a layer at or after it reads: what is kept across the cut. */
	public static List<String> crossing(ModelDescription model, int cut) {
		List<String> out = new ArrayList<>();
		Map<String, Integer> position = positions(model);
		for (int k = cut; k < model.layers().size(); k++) {
			for (String name : model.layers().get(k).inputs()) {
				if (position.getOrDefault(name, -1) < cut && !out.contains(name)) {
					out.add(name);
				}
			}
		}
		return out;
	}

	/** The activation memory {@code segments} need at {@code batch}: see {@link #peakBytes()}. */
	public static long peakBytes(ModelDescription model, int batch, List<Segment> segments) {
		Map<String, Long> sizes = new HashMap<>();
		sizes.put(ModelDescription.INPUT, model.inputShape().elements());
		for (Layer l : model.layers()) {
			sizes.put(l.name(), elements(l));
		}
		List<String> kept = new ArrayList<>();
		long largest = 0;
		for (Segment s : segments) {
			long values = 0;
			for (String e : externals(model, s)) {
				values += sizes.getOrDefault(e, 0L);
			}
			for (int k = s.from(); k < s.to(); k++) {
				values += elements(model.layers().get(k));
			}
			largest = Math.max(largest, values);
			for (String name : crossing(model, s.to())) {
				if (!kept.contains(name)) {
					kept.add(name);
				}
			}
		}
		long keptValues = 0;
		for (String name : kept) {
			keptValues += sizes.getOrDefault(name, 0L);
		}
		return batch * (largest * NetworkLimits.BYTES_PER_ACTIVATION + keptValues * BYTES_PER_KEPT_VALUE);
	}

	private static Map<String, Integer> positions(ModelDescription model) {
		Map<String, Integer> position = new HashMap<>();
		position.put(ModelDescription.INPUT, -1);
		for (int k = 0; k < model.layers().size(); k++) {
			position.put(model.layers().get(k).name(), k);
		}
		return position;
	}

	private static long elements(Layer layer) {
		return Math.max(layer.outputShape().elements(), 0);
	}

}
