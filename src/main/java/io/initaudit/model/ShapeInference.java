package io.initaudit.model;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Each layer's per-sample output shape, channels first, from its input's shape and its config; a shape that cannot be
 * is a problem at the field that makes it so.
 */
final class ShapeInference {

	private final JsonFields json;

	private final LayerGraph graph;

	ShapeInference(JsonFields json, LayerGraph graph) {
		this.json = json;
		this.graph = graph;
	}

	@Nullable TensorShape outputShape(LayerType type, LayerConfig c, @Nullable TensorShape in, List<String> inputs, String p) {
		LayerKind kind = type.kind();
		int rank = type.spatialRank();
		switch (kind) {
			case ADD, CONCAT -> {
				return merge(kind, inputs, p);
			}
			case EMBEDDING -> {
				long len = in == null || in.rank() == 0 ? TensorShape.UNKNOWN : in.dims().get(in.rank() - 1);
				return TensorShape.of(c.out(), len);
			}
			default -> {
			}
		}
		// Rank 0 is what a parameterless layer passes on when nothing is known of its input: as unknown as null.
		TensorShape shape = in == null || in.rank() == 0 ? null : in;
		if (kind == LayerKind.CONV || kind == LayerKind.CONV_TRANSPOSE || kind == LayerKind.DEPTHWISE || kind == LayerKind.SEPARABLE
				|| kind == LayerKind.DO_CONV || kind == LayerKind.POOL || kind == LayerKind.PAD) {
			if (shape == null) {
				shape = TensorShape.unknown(rank + 1).withChannels(c.in());
			}
			if (shape.rank() != rank + 1) {
				this.json.fail(p + "/type", type.jsonName() + " needs an input with " + rank + (rank == 1 ? " spatial axis" : " spatial axes")
						+ " besides its channels; its input is " + shape.describe());
				return null;
			}
			List<Long> dims = new ArrayList<>();
			dims.add(kind == LayerKind.POOL || kind == LayerKind.PAD ? shape.channels() : c.out());
			for (int i = 0; i < rank; i++) {
				long l = shape.dims().get(i + 1);
				long o = switch (kind) {
					case CONV_TRANSPOSE -> transposedLength(l, c, i);
					case PAD -> l == TensorShape.UNKNOWN ? l : l + c.padding().get(2 * i) + c.padding().get(2 * i + 1);
					default -> convLength(l, c, i);
				};
				if (l != TensorShape.UNKNOWN && o < 1) {
					String field = kind == LayerKind.PAD ? "/padding" : "/kernel_size";
					this.json.fail(p + field, (kind == LayerKind.PAD ? "the cropping" : "the kernel") + " does not fit the input: spatial size " + l
							+ " gives an output size " + o);
					return null;
				}
				dims.add(o);
			}
			return new TensorShape(dims);
		}
		if (kind == LayerKind.OPAQUE) {
			// Not modelled: what it does to the spatial axes is unknown, its channels are as declared or passed on.
			if (shape == null) {
				return TensorShape.unknown(0);
			}
			return TensorShape.unknown(shape.rank()).withChannels(c.out() != TensorShape.UNKNOWN ? c.out() : shape.channels());
		}
		if (shape == null) {
			shape = kind.hasParameters() ? TensorShape.unknown(1).withChannels(c.in()) : null;
		}
		if (shape == null) {
			return TensorShape.unknown(0);
		}
		return switch (kind) {
			case LINEAR, ATTENTION -> shape.withChannels(c.out());
			case LSTM, GRU -> shape.withChannels((long) c.out() * c.directions());
			case GLOBAL_POOL -> {
				if (!c.keepDims()) {
					yield TensorShape.of(shape.channels());
				}
				List<Long> kept = new ArrayList<>(List.of(shape.channels()));
				for (int i = 1; i < shape.rank(); i++) {
					kept.add(1L);
				}
				yield new TensorShape(kept);
			}
			case FLATTEN -> TensorShape.of(shape.elements());
			default -> shape;
		};
	}

	private long convLength(long l, LayerConfig c, int i) {
		if (l == TensorShape.UNKNOWN) {
			return TensorShape.UNKNOWN;
		}
		int s = c.stride().get(i);
		if ("same".equals(c.paddingMode())) {
			return (l + s - 1) / s;
		}
		int k = c.kernel().get(i);
		int d = c.dilation().get(i);
		int pad = c.padding().get(i);
		return Math.floorDiv(l + 2L * pad - (long) d * (k - 1) - 1, s) + 1;
	}

	private long transposedLength(long l, LayerConfig c, int i) {
		if (l == TensorShape.UNKNOWN) {
			return TensorShape.UNKNOWN;
		}
		int s = c.stride().get(i);
		if ("same".equals(c.paddingMode())) {
			return l * s;
		}
		return (l - 1) * s - 2L * c.padding().get(i) + (long) c.dilation().get(i) * (c.kernel().get(i) - 1) + c.outputPadding().get(i) + 1;
	}

	private @Nullable TensorShape merge(LayerKind kind, List<String> inputs, String p) {
		List<TensorShape> shapes = new ArrayList<>();
		for (String n : inputs) {
			TensorShape s = this.graph.shapeOf(n);
			shapes.add(s == null || s.rank() == 0 ? null : s); // rank 0: nothing is known of it
		}
		TensorShape first = shapes.get(0);
		if (shapes.stream().anyMatch(s -> s == null)) {
			return kind == LayerKind.ADD ? shapes.stream().filter(s -> s != null).findFirst().orElse(TensorShape.unknown(0))
					: TensorShape.unknown(0);
		}
		if (kind == LayerKind.ADD) {
			for (int i = 1; i < shapes.size(); i++) {
				if (!shapes.get(i).compatibleWith(first)) {
					this.json.fail(p + "/inputs/" + i, "add needs inputs of the same shape: " + first.describe() + " vs " + shapes.get(i).describe());
					return null;
				}
			}
			return first;
		}
		long channels = 0;
		for (int i = 0; i < shapes.size(); i++) {
			TensorShape s = shapes.get(i);
			if (s.rank() != first.rank() || !new TensorShape(s.spatial()).compatibleWith(new TensorShape(first.spatial()))) {
				this.json.fail(p + "/inputs/" + i, "concat joins along channels and needs the other axes equal: " + first.describe() + " vs " + s.describe());
				return null;
			}
			channels = (channels < 0 || s.channels() < 0) ? TensorShape.UNKNOWN : channels + s.channels();
		}
		return first.withChannels(channels);
	}

}
