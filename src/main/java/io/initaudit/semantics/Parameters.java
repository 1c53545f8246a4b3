package io.initaudit.semantics;

import java.util.ArrayList;
import java.util.List;

import io.initaudit.core.Fans;
import io.initaudit.model.Framework;
import io.initaudit.model.Layer;
import io.initaudit.model.LayerConfig;
import io.initaudit.model.LayerKind;
import org.jspecify.annotations.Nullable;

/**
 * The parameters each framework creates for a layer: names, layouts, the fans its own fan function reads from
 * them, and the group-aware fans they should have (reference/semantics.md §1–4, semantics-more.md §1–5).
 */
public final class Parameters {

	private Parameters() {
	}

	public static List<ParameterSpec> of(Layer layer) {
		Builder b = new Builder(layer);
		LayerConfig c = layer.config();
		switch (layer.kind()) {
			case LINEAR -> b.linear(c.in(), c.out(), "");
			case CONV -> b.conv(c.in(), c.out(), c.groups());
			case CONV_TRANSPOSE -> b.convTranspose(c.in(), c.out(), c.groups());
			case DEPTHWISE -> b.depthwise(c.in(), c.depthMultiplier(), "");
			case SEPARABLE -> b.separable(c.in(), c.depthMultiplier(), c.out());
			case DO_CONV -> b.doConv(c.in(), c.out(), c.groups());
			case EMBEDDING -> b.embedding(c.vocabulary(), c.out());
			case LSTM -> b.rnn(c.in(), c.out(), 4, c.numLayers(), c.directions());
			case GRU -> b.rnn(c.in(), c.out(), 3, c.numLayers(), c.directions());
			case ATTENTION -> b.attention(c);
			case BATCH_NORM, LAYER_NORM, GROUP_NORM -> b.norm(c.in());
			case LAYER_SCALE -> b.add("gamma", Role.LAYER_SCALE, List.of(c.in()), null, null, null, 1, List.of("weight", "scale"));
			default -> {
			}
		}
		return List.copyOf(b.params);
	}

	/** PyTorch {@code _calculate_fan_in_and_fan_out}: fan_in = size(1)·rf, fan_out = size(0)·rf; none below 2-D. */
	static @Nullable Fans torchFans(List<Long> shape) {
		return WeightLayout.OUT_IN_SPATIAL.fansOf(shape);
	}

	/** Keras {@code compute_fans}: (1, 1) for scalars, (n, n) for vectors, rf = prod(shape[:-2]) above 2-D. */
	static Fans kerasFans(List<Long> shape) {
		int r = shape.size();
		if (r == 0) {
			return Fans.of(1, 1);
		}
		if (r == 1) {
			return Fans.of(shape.get(0), shape.get(0));
		}
		return WeightLayout.SPATIAL_IN_OUT.fansOf(shape);
	}

	/** JAX {@code _compute_fans} with in_axis=-2, out_axis=-1; none below 2-D. */
	static @Nullable Fans jaxFans(List<Long> shape) {
		return WeightLayout.SPATIAL_IN_OUT.fansOf(shape);
	}

	/** Collects the parameters of one layer in its framework's layout. */
	private static final class Builder {

		private final Layer layer;

		private final Framework fw;

		private final List<Long> k;

		private final double kernelSize;

		private final List<ParameterSpec> params = new ArrayList<>();

		Builder(Layer layer) {
			this.layer = layer;
			this.fw = layer.framework();
			List<Long> kk = new ArrayList<>();
			for (Integer v : layer.config().kernel()) {
				kk.add((long) (v == null ? 1 : v));
			}
			this.k = List.copyOf(kk);
			this.kernelSize = layer.config().receptiveField();
		}

		void linear(long in, long out, String prefix) {
			switch (this.fw) {
				case PYTORCH -> weight(prefix + "weight", List.of(out, in), Fans.of(in, out), null, null, List.of("kernel"));
				case DL4J -> weight(prefix + "W", List.of(in, out), Fans.of(in, out), null, null, List.of("weight", "kernel"));
				default -> weight(prefix + "kernel", List.of(in, out), Fans.of(in, out), null, null, List.of("weight"));
			}
			setCorrect(Fans.of(in, out));
			bias(prefix, out);
		}

		void conv(long in, long out, int g) {
			Fans correct = Fans.of(in / g * this.kernelSize, out / g * this.kernelSize);
			if (this.fw == Framework.DL4J) {
				weight("W", concat(List.of(out, in), this.k), dl4jConvFans(in * this.kernelSize, out * this.kernelSize), null,
						FindingCode.FAN_OUT_DIVIDED_BY_STRIDE, List.of("weight", "kernel"));
			}
			else if (this.fw == Framework.PYTORCH) {
				weight("weight", concat(List.of(out, in / g), this.k), null, null, FindingCode.FAN_OUT_IGNORES_GROUPS, List.of("kernel"));
			}
			else {
				weight("kernel", concat(this.k, List.of(in / g, out)), null, null, FindingCode.FAN_OUT_IGNORES_GROUPS, List.of("weight"));
			}
			setCorrect(correct);
			bias("", out);
		}

		void convTranspose(long in, long out, int g) {
			Fans correct = Fans.of(in / g * this.kernelSize, out / g * this.kernelSize);
			switch (this.fw) {
				case PYTORCH -> weight("weight", concat(List.of(in, out / g), this.k), null, FindingCode.FAN_SWAPPED_TRANSPOSE,
						FindingCode.FAN_SWAPPED_TRANSPOSE, List.of("kernel"));
				case DL4J -> weight("W", concat(List.of(in, out), this.k), dl4jConvFans(in * this.kernelSize, out * this.kernelSize), null,
						FindingCode.FAN_OUT_DIVIDED_BY_STRIDE, List.of("weight", "kernel"));
				case JAX, FLAX -> weight("kernel", concat(this.k, List.of(in, out)), null, FindingCode.FAN_SWAPPED_TRANSPOSE,
						FindingCode.FAN_SWAPPED_TRANSPOSE, List.of("weight"));
				default -> weight("kernel", concat(this.k, List.of(out, in)), null, FindingCode.FAN_SWAPPED_TRANSPOSE,
						FindingCode.FAN_SWAPPED_TRANSPOSE, List.of("weight"));
			}
			setCorrect(correct);
			bias("", out);
		}

		void depthwise(long in, int dm, String prefix) {
			Fans correct = Fans.of(this.kernelSize, dm * this.kernelSize);
			List<String> aliases = List.of("depthwise", "depthwise_kernel", "depthwise.weight", "weight", "kernel");
			switch (this.fw) {
				case PYTORCH -> weight(prefix.isEmpty() ? "weight" : prefix + "weight", concat(List.of(in * dm, 1L), this.k), null, null,
						FindingCode.FAN_OUT_IGNORES_GROUPS, aliases);
				case JAX, FLAX -> weight(prefix.isEmpty() ? "kernel" : prefix + "kernel", concat(this.k, List.of(1L, in * dm)), null, null,
						FindingCode.FAN_OUT_IGNORES_GROUPS, aliases);
				case DL4J -> weight("depthwise_kernel", concat(List.of((long) dm, in), this.k),
						dl4jConvFans(in * this.kernelSize, dm * this.kernelSize), FindingCode.FAN_IN_IGNORES_DEPTHWISE,
						FindingCode.FAN_OUT_DIVIDED_BY_STRIDE, List.of("depthwise", "W", "weight", "kernel"));
				// Keras 3's DepthwiseConv names its weight "kernel"; tf.keras 2 and SeparableConv name it "depthwise_kernel".
				default -> weight(this.fw == Framework.KERAS && prefix.isEmpty() ? "kernel" : "depthwise_kernel", concat(this.k, List.of(in, (long) dm)),
						null, FindingCode.FAN_IN_IGNORES_DEPTHWISE, null, List.of("depthwise", "depthwise_kernel", "depthwise.weight", "weight", "kernel"));
			}
			setCorrect(correct);
			if (prefix.isEmpty()) {
				bias("", in * dm);
			}
		}

		void separable(long in, int dm, long out) {
			depthwise(in, dm, "depthwise.");
			Fans correct = Fans.of(in * dm, out);
			List<String> aliases = List.of("pointwise", "pointwise_kernel", "pointwise.weight");
			List<Long> ones = new ArrayList<>();
			this.k.forEach(x -> ones.add(1L));
			switch (this.fw) {
				case PYTORCH -> weight("pointwise.weight", concat(List.of(out, in * dm), ones), null, null, null, aliases);
				case JAX, FLAX -> weight("pointwise.kernel", concat(ones, List.of(in * dm, out)), null, null, null, aliases);
				case DL4J -> weight("pointwise_kernel", List.of(out, in * dm, 1L, 1L), Fans.of(in * dm, in * dm), null,
						FindingCode.FAN_OUT_POINTWISE_USES_FAN_IN, List.of("pointwise", "pW"));
				default -> weight("pointwise_kernel", concat(ones, List.of(in * dm, out)), null, null, null, List.of("pointwise", "pointwise.weight"));
			}
			setCorrect(correct);
			bias(this.fw == Framework.PYTORCH ? "pointwise." : "", out);
		}

		void doConv(long in, long out, int g) {
			long mn = (long) this.kernelSize;
			long dMul = this.layer.config().effectiveDMul();
			Fans correct = Fans.of(in / g * this.kernelSize, out / g * this.kernelSize);
			// At init D = 0, so the composed kernel is W's first M·N columns plus one more copy per extra identity tile.
			double composite = Math.sqrt(Math.max(1, dMul / mn));
			FindingCode outDefect = dMul != mn ? FindingCode.DOCONV_FAN_COUNTS_DMUL : FindingCode.FAN_OUT_IGNORES_GROUPS;
			List<Long> shape = this.fw.isKerasFamily() ? List.of(dMul, in / g, out) : List.of(out, in / g, dMul);
			ParameterSpec w = spec("W", Role.WEIGHT, shape, null, correct, FindingCode.DOCONV_FAN_COUNTS_DMUL, outDefect, 1, composite,
					List.of("weight", "kernel"));
			this.params.add(w);
			if (mn > 1) {
				List<Long> dShape = this.fw.isKerasFamily() ? List.of(mn, dMul, in) : List.of(in, mn, dMul);
				add("D", Role.DOCONV_D, dShape, null, null, null, 1, List.of());
			}
			bias("", out);
		}

		void embedding(long vocabulary, long dim) {
			String name = switch (this.fw) {
				case PYTORCH -> "weight";
				case DL4J -> "W";
				case JAX, FLAX -> "embedding";
				default -> "embeddings";
			};
			List<Long> shape = List.of(vocabulary, dim);
			// Every output is one table entry: the effective fan_in is 1 (semantics-more.md §2).
			weight(name, shape, null, FindingCode.FANS_FROM_WRONG_AXES, FindingCode.FANS_FROM_WRONG_AXES, List.of("weight", "embeddings", "embedding"));
			setCorrect(Fans.of(1, dim));
		}

		void rnn(long in, long hidden, int gates, int layers, int directions) {
			for (int l = 0; l < layers; l++) {
				long layerIn = l == 0 ? in : hidden * directions;
				for (int d = 0; d < directions; d++) {
					switch (this.fw) {
						case PYTORCH -> torchRnn(layerIn, hidden, gates, "_l" + l + (d == 1 ? "_reverse" : ""));
						case JAX, FLAX -> flaxRnn(layerIn, hidden, gates, rnnPrefix(l, d, layers, directions));
						case DL4J -> dl4jLstm(layerIn, hidden, rnnPrefix(l, d, layers, directions));
						default -> kerasRnn(layerIn, hidden, gates, rnnPrefix(l, d, layers, directions));
					}
				}
			}
		}

		private String rnnPrefix(int l, int d, int layers, int directions) {
			String p = directions == 2 ? (d == 0 ? "forward_" : "backward_") : "";
			return layers > 1 ? "l" + l + "_" + p : p;
		}

		private void torchRnn(long in, long h, int gates, String suffix) {
			long gh = gates * h;
			add("weight_ih" + suffix, Role.WEIGHT, List.of(gh, in), Fans.of(in, h), null, FindingCode.STACKED_FAN_OUT, gates, List.of("weight_ih", "kernel"));
			add("weight_hh" + suffix, Role.RECURRENT, List.of(gh, h), Fans.of(h, h), null, FindingCode.STACKED_FAN_OUT, gates,
					List.of("weight_hh", "recurrent_kernel"));
			add("bias_ih" + suffix, Role.BIAS, List.of(gh), null, null, null, gates, List.of("bias_ih", "bias"));
			add("bias_hh" + suffix, Role.BIAS, List.of(gh), null, null, null, gates, List.of("bias_hh", "bias"));
		}

		private void kerasRnn(long in, long h, int gates, String prefix) {
			long gh = gates * h;
			add(prefix + "kernel", Role.WEIGHT, List.of(in, gh), Fans.of(in, h), null, FindingCode.STACKED_FAN_OUT, gates, List.of("kernel", "weight_ih"));
			add(prefix + "recurrent_kernel", Role.RECURRENT, List.of(h, gh), Fans.of(h, h), null, FindingCode.STACKED_FAN_OUT, gates,
					List.of("recurrent_kernel", "weight_hh"));
			List<Long> biasShape = gates == 3 ? List.of(2L, gh) : List.of(gh);
			add(prefix + "bias", Role.BIAS, biasShape, null, null, null, gates, List.of("bias"));
		}

		private void flaxRnn(long in, long h, int gates, String prefix) {
			String[] names = gates == 4 ? new String[] { "i", "f", "g", "o" } : new String[] { "r", "z", "n" };
			for (String g : names) {
				add(prefix + "i" + g + ".kernel", Role.WEIGHT, List.of(in, h), Fans.of(in, h), null, null, 1, List.of("kernel", "weight_ih"));
				if (gates == 3) {
					add(prefix + "i" + g + ".bias", Role.BIAS, List.of(h), null, null, null, 1, List.of("bias"));
				}
			}
			for (String g : names) {
				add(prefix + "h" + g + ".kernel", Role.RECURRENT, List.of(h, h), Fans.of(h, h), null, null, 1, List.of("recurrent_kernel", "weight_hh"));
				if (gates == 4 || g.equals("n")) {
					add(prefix + "h" + g + ".bias", Role.BIAS, List.of(h), null, null, null, 1, List.of("bias"));
				}
			}
		}

		private void dl4jLstm(long in, long h, String prefix) {
			// LSTMParamInitializer passes fanIn = nL and fanOut = nLast + nL for both matrices.
			Fans hardCoded = Fans.of(h, in + h);
			this.params.add(spec(prefix + "W", Role.WEIGHT, List.of(in, 4 * h), hardCoded, Fans.of(in, h), FindingCode.RNN_FANS_HARD_CODED,
					FindingCode.RNN_FANS_HARD_CODED, 4, 1.0, List.of("weight", "kernel", "weight_ih")));
			this.params.add(spec(prefix + "RW", Role.RECURRENT, List.of(h, 4 * h), hardCoded, Fans.of(h, h), FindingCode.RNN_FANS_HARD_CODED,
					FindingCode.RNN_FANS_HARD_CODED, 4, 1.0, List.of("recurrent_kernel", "weight_hh")));
			add(prefix + "b", Role.BIAS, List.of(1L, 4 * h), null, null, null, 4, List.of("bias"));
		}

		/**
		 * Multi-head attention: torch's stacked in_proj (separate q/k/v_proj_weight when kdim or vdim differ from
		 * embed_dim); Keras' and Flax's per-projection (in, heads, head_dim) kernels and (heads, head_dim, out) output.
		 */
		void attention(LayerConfig c) {
			long e = c.in();
			long h = c.numHeads();
			long dk = c.keyDim();
			long dv = c.valueDim();
			long o = c.out();
			long kIn = c.keyInput();
			long vIn = c.valueInput();
			switch (this.fw) {
				case PYTORCH -> {
					if (kIn == e && vIn == e) {
						add("in_proj_weight", Role.WEIGHT, List.of(3 * e, e), Fans.of(e, e), null, FindingCode.STACKED_FAN_OUT, 3,
								List.of("in_proj", "qkv", "weight"));
					}
					else {
						// torch: _qkv_same_embed_dim is False, each projection its own xavier_uniform_.
						add("q_proj_weight", Role.WEIGHT, List.of(e, e), Fans.of(e, e), null, null, 1, List.of("q_proj", "query", "weight"));
						add("k_proj_weight", Role.WEIGHT, List.of(e, kIn), Fans.of(kIn, e), null, null, 1, List.of("k_proj", "key", "weight"));
						add("v_proj_weight", Role.WEIGHT, List.of(e, vIn), Fans.of(vIn, e), null, null, 1, List.of("v_proj", "value", "weight"));
					}
					if (this.layer.config().bias()) {
						add("in_proj_bias", Role.BIAS, List.of(3 * e), null, null, null, 3, List.of("bias"));
					}
					add("out_proj.weight", Role.WEIGHT, List.of(e, e), Fans.of(e, e), null, null, 1, List.of("out_proj", "proj"));
					if (this.layer.config().bias()) {
						add("out_proj.bias", Role.BIAS, List.of(e), null, null, null, 1, List.of("bias"));
					}
				}
				default -> {
					// Keras >= 3.15 passes EinsumDense's input/output axes to compute_fans and Flax flattens to 2-D: the
					// projection's own fans. tf.keras 2 (and Keras < 3.15) reads heads and key_dim as a receptive field.
					boolean axes = this.fw == Framework.KERAS || this.fw.isJaxFamily();
					String out = this.fw.isJaxFamily() ? "out" : "attention_output";
					List<List<Long>> shapes = List.of(List.of(e, h, dk), List.of(kIn, h, dk), List.of(vIn, h, dv), List.of(h, dv, o));
					List<Fans> correct = List.of(Fans.of(e, h * dk), Fans.of(kIn, h * dk), Fans.of(vIn, h * dv), Fans.of(h * dv, o));
					List<String> names = List.of("query", "key", "value", out);
					for (int i = 0; i < 4; i++) {
						List<Long> shape = shapes.get(i);
						FindingCode defect = axes ? null : FindingCode.FANS_FROM_WRONG_AXES;
						List<String> aliases = i < 3 ? List.of(names.get(i), "weight", "kernel") : List.of("attention_output", "out", "out_proj", "weight", "kernel");
						this.params.add(spec(names.get(i) + ".kernel", Role.WEIGHT, shape, axes ? correct.get(i) : kerasFans(shape), correct.get(i), defect,
								defect, 1, 1.0, aliases));
					}
					if (this.layer.config().bias()) {
						add("query.bias", Role.BIAS, List.of(h, dk), null, null, null, 1, List.of("bias"));
						add("key.bias", Role.BIAS, List.of(h, dk), null, null, null, 1, List.of("bias"));
						add("value.bias", Role.BIAS, List.of(h, dv), null, null, null, 1, List.of("bias"));
						add(out + ".bias", Role.BIAS, List.of(o), null, null, null, 1, List.of("bias"));
					}
				}
			}
		}

		void norm(long channels) {
			boolean torch = this.fw == Framework.PYTORCH;
			String scale = torch ? "weight" : (this.fw.isJaxFamily() ? "scale" : "gamma");
			String shift = torch ? "bias" : (this.fw.isJaxFamily() ? "bias" : "beta");
			if (this.layer.config().normScale()) {
				add(scale, Role.NORM_SCALE, List.of(channels), null, null, null, 1, List.of("weight", "gamma", "scale"));
			}
			if (this.layer.config().bias()) {
				add(shift, Role.NORM_SHIFT, List.of(channels), null, null, null, 1, List.of("bias", "beta"));
			}
		}

		private void bias(String prefix, long out) {
			if (!this.layer.config().bias()) {
				return;
			}
			switch (this.fw) {
				case DL4J -> add("b", Role.BIAS, List.of(1L, out), null, null, null, 1, List.of("bias"));
				default -> add(prefix + "bias", Role.BIAS, List.of(out), null, null, null, 1, List.of("bias", "b"));
			}
		}

		/** DL4J {@code ConvolutionParamInitializer}: fanOut = nOut·kh·kw / (sh·sw). */
		private Fans dl4jConvFans(double fanIn, double fanOutUnstrided) {
			return Fans.of(fanIn, fanOutUnstrided / this.layer.config().strideProduct());
		}

		/** A weight whose framework fans are {@code fwFans}, or computed from its shape when null. */
		private void weight(String name, List<Long> shape, @Nullable Fans fwFans, @Nullable FindingCode inDefect, @Nullable FindingCode outDefect,
				List<String> aliases) {
			Fans fans = fwFans != null ? fwFans : frameworkFans(shape);
			this.params.add(spec(name, Role.WEIGHT, shape, fans, null, inDefect, outDefect, 1, 1.0, aliases));
		}

		private void setCorrect(Fans correct) {
			ParameterSpec p = this.params.remove(this.params.size() - 1);
			this.params.add(spec(p.name(), p.role(), p.shape(), p.frameworkFans(), correct, p.fanInDefect(), p.fanOutDefect(), p.stackedBlocks(),
					p.compositeFactor(), p.aliases()));
		}

		private void add(String name, Role role, List<Long> shape, @Nullable Fans correct, @Nullable FindingCode inDefect,
				@Nullable FindingCode outDefect, int stacked, List<String> aliases) {
			Fans fans = role.isFanScaled() ? frameworkFans(shape) : null;
			this.params.add(spec(name, role, shape, fans, correct, inDefect, outDefect, stacked, 1.0, aliases));
		}

		private @Nullable Fans frameworkFans(List<Long> shape) {
			return switch (this.fw) {
				case PYTORCH -> torchFans(shape);
				case JAX, FLAX -> jaxFans(shape);
				default -> kerasFans(shape);
			};
		}

		private ParameterSpec spec(String name, Role role, List<Long> shape, @Nullable Fans fwFans, @Nullable Fans correct,
				@Nullable FindingCode inDefect, @Nullable FindingCode outDefect, int stacked, double composite, List<String> aliases) {
			Fans fans = fwFans != null ? fwFans : (role.isFanScaled() ? frameworkFans(shape) : null);
			// Until the correct fans are set the candidate codes are kept; then only those that explain a difference stay.
			FindingCode in = correct == null || (fans != null && fans.fanIn() != correct.fanIn()) ? inDefect : null;
			FindingCode out = correct == null || (fans != null && fans.fanOut() != correct.fanOut()) ? outDefect : null;
			return new ParameterSpec(name, role, List.copyOf(shape), this.fw, fans, correct, in, out, stacked, layoutOf(name, role, shape), composite,
					List.copyOf(aliases));
		}

		/** The real layout of a parameter of this layer in this framework. */
		private WeightLayout layoutOf(String name, Role role, List<Long> shape) {
			LayerKind kind = this.layer.kind();
			if (shape.size() < 2 || !role.isFanScaled()) {
				return WeightLayout.VECTOR;
			}
			if (kind == LayerKind.ATTENTION && this.fw != Framework.PYTORCH && shape.size() == 3) {
				return name.startsWith("attention_output") || name.startsWith("out") ? WeightLayout.HEADS_OUT : WeightLayout.IN_HEADS;
			}
			if (kind == LayerKind.EMBEDDING) {
				return WeightLayout.SPATIAL_IN_OUT;
			}
			if (kind == LayerKind.CONV_TRANSPOSE) {
				return switch (this.fw) {
					case PYTORCH, DL4J -> WeightLayout.IN_OUT_SPATIAL;
					case JAX, FLAX -> WeightLayout.SPATIAL_IN_OUT;
					default -> WeightLayout.SPATIAL_OUT_IN;
				};
			}
			if (this.fw == Framework.PYTORCH || (this.fw == Framework.DL4J && shape.size() > 2)) {
				return WeightLayout.OUT_IN_SPATIAL;
			}
			return WeightLayout.SPATIAL_IN_OUT;
		}

		private static List<Long> concat(List<Long> a, List<Long> b) {
			List<Long> l = new ArrayList<>(a);
			l.addAll(b);
			return l;
		}

	}

}
