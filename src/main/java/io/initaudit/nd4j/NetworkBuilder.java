package io.initaudit.nd4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.initaudit.model.Framework;
import io.initaudit.model.Layer;
import io.initaudit.model.LayerConfig;
import io.initaudit.model.LayerKind;
import io.initaudit.model.ModelDescription;
import io.initaudit.model.TensorShape;
import io.initaudit.sampling.WeightTensor;
import io.initaudit.semantics.Role;
import io.initaudit.semantics.WeightLayout;
import org.jspecify.annotations.Nullable;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv3DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.DeConv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.DeConv3DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.config.LSTMActivations;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.config.LSTMDataFormat;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.config.LSTMDirectionMode;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.config.LSTMLayerConfig;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.weights.LSTMLayerWeights;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.nd4j.linalg.api.ops.random.impl.UniformDistribution;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Builds a described network as a SameDiff graph (NCHW) whose variables hold the values InitAudit's samplers drew,
 * in each framework's layout converted to ND4J's. Shared by signal propagation and training trials.
 */
final class NetworkBuilder {

	static final double NORM_EPSILON = 1e-5;

	private NetworkBuilder() {
	}

	/** The built graph: its input placeholder, every layer's named output ({@code out_<index>}), the last one. */
	record Built(SameDiff sd, @Nullable SDVariable input, Map<String, SDVariable> outputs, SDVariable last) {
	}

	/** LSTM layers as ND4J's fused op ({@code false}: unrolled step by step, the reference the tests compare it with). */
	static boolean fusedLstm = true;

	/** Longest sequence a GRU is unrolled over. */
	static final int MAX_SEQUENCE = 128;

	/** Why a layer cannot be built (for propagation and training alike), or {@code null} when it can. */
	static @Nullable String unsupported(Layer layer) {
		LayerConfig c = layer.config();
		return switch (layer.type()) {
			case CONV3D -> c.groups() > 1 ? "grouped conv3d is not propagated yet" : null;
			case CONV_TRANSPOSE1D, CONV_TRANSPOSE2D, CONV_TRANSPOSE3D -> c.groups() > 1 || c.outputPadding().stream().anyMatch(p -> p != 0)
					? "grouped transposed convs and output_padding are not propagated yet" : null;
			case DO_CONV2D -> c.effectiveDMul() < c.receptiveField() ? "DO-Conv with D_mul < M·N is not propagated" : null;
			// The fused LSTM op runs any length (activation memory bounds it); a GRU is unrolled into one graph node per step.
			case GRU -> sequenceLength(layer) > MAX_SEQUENCE ? "GRU sequences longer than " + MAX_SEQUENCE + " steps are not propagated" : null;
			case MULTIHEAD_ATTENTION -> layer.inputs().size() > 1 || c.keyInput() != c.in() || c.valueInput() != c.in()
					? "cross-attention (kdim or vdim other than embed_dim) is not propagated: only self-attention is" : null;
			case OPAQUE -> "'" + layer.name() + "' is a layer InitAudit does not model (opaque): nothing can run through it";
			default -> null;
		};
	}

	private static long sequenceLength(Layer layer) {
		List<Long> dims = layer.inputShape().dims();
		return dims.size() > 1 ? dims.get(dims.size() - 1) : 1;
	}

	/** Builds the forward graph; layer outputs are named {@code out_<layer index>}. */
	static Built build(ModelDescription model, Map<String, List<WeightTensor>> weights, int batch, Random rng) {
		Graph g = new Graph(SameDiff.create(), batch, rng, new HashMap<>(), false);
		SDVariable in = g.sd.placeHolder("input", DataType.FLOAT, shapeWithBatch(batch, model.inputShape()));
		Map<String, SDVariable> outputs = new HashMap<>();
		outputs.put(ModelDescription.INPUT, in);
		SDVariable last = g.layers(model.layers(), weights, outputs, Set.of(in));
		return new Built(g.sd, in, outputs, last);
	}

	/**
	 * Builds layers {@code [from, to)} of the model only. Each output they read from before {@code from} is a
	 * placeholder {@code in_<name>} times a unit scalar variable, named {@code ext_<name>}, so that SameDiff
	 * differentiates towards it (it differentiates only on paths from trainable variables); parameters are constants.
	 * {@code drawn} holds the embeddings' token ids by layer index ({@link #drawTokens}).
	 *
	 * @param externals the outputs the range reads from before it, as {@link io.initaudit.measure.SegmentPlan#externals}
	 */
	static Built buildRange(ModelDescription model, Map<String, List<WeightTensor>> weights, int batch, Random rng, Map<Integer, INDArray> drawn,
			int from, int to, List<String> externals) {
		Graph g = new Graph(SameDiff.create(), batch, rng, drawn, true);
		Map<String, SDVariable> outputs = new HashMap<>();
		Set<SDVariable> reads = new HashSet<>();
		for (String name : externals) {
			long[] shape = ModelDescription.INPUT.equals(name) ? shapeWithBatch(batch, model.inputShape())
					: shapeWithBatch(batch, model.layer(name).orElseThrow().outputShape());
			SDVariable p = g.sd.placeHolder(placeholder(name), DataType.FLOAT, shape);
			SDVariable x = p.mul(external(name), g.sd.var("scale_" + outputs.size(), Nd4j.scalar(DataType.FLOAT, 1.0f)));
			outputs.put(name, x);
			reads.add(x);
		}
		SDVariable last = g.layers(model.layers().subList(from, to), weights, outputs, reads);
		return new Built(g.sd, null, outputs, last);
	}

	/**
	 * Draws what building {@code model} would draw (the token ids of each embedding, uniform over its vocabulary), by
	 * layer index, in layer order: for {@link #buildRange}, so that every range built from it reads the same ids.
	 */
	static Map<Integer, INDArray> drawTokens(ModelDescription model, int batch, Random rng) {
		Map<Integer, INDArray> drawn = new HashMap<>();
		for (Layer layer : model.layers()) {
			if (layer.kind() == LayerKind.EMBEDDING) {
				drawn.put(layer.index(), tokens(layer, batch, rng));
			}
		}
		return drawn;
	}

	private static INDArray tokens(Layer layer, int batch, Random rng) {
		long length = layer.outputShape().dims().get(1);
		return Nd4j.getExecutioner()
			.exec(new UniformDistribution(Nd4j.createUninitialized(DataType.FLOAT, batch, length), 0, 1), rng)
			.muli(layer.config().vocabulary() - 1e-3)
			.castTo(DataType.INT);
	}

	/** The placeholder that feeds the output {@code name} into a range (see {@link #buildRange}). */
	static String placeholder(String name) {
		return "in_" + safe(name);
	}

	/** The unit-scaled copy of the output {@code name} inside a range, the variable its gradient is taken for. */
	static String external(String name) {
		return "ext_" + safe(name);
	}

	private static String safe(String name) {
		return ModelDescription.INPUT.equals(name) ? "input" : name.replaceAll("[^A-Za-z0-9_]", "_") + "_" + Integer.toHexString(name.hashCode());
	}

	static long[] shapeWithBatch(int batch, @Nullable TensorShape shape) {
		List<Long> dims = shape == null ? List.of() : shape.dims();
		long[] out = new long[dims.size() + 1];
		out[0] = batch;
		for (int i = 0; i < dims.size(); i++) {
			out[i + 1] = dims.get(i);
		}
		return out;
	}

	static long[] toLongs(List<Long> dims) {
		long[] out = new long[dims.size()];
		for (int i = 0; i < out.length; i++) {
			out[i] = dims.get(i);
		}
		return out;
	}

	/** One graph under construction. */
	private static final class Graph {

		private final SameDiff sd;

		private final int batch;

		private final Random rng;

		private final Map<Integer, INDArray> drawn;

		private int counter;

		/** Parameters as constants, not trainable variables: SameDiff then computes no gradient for them. */
		private final boolean constants;

		Graph(SameDiff sd, int batch, Random rng, Map<Integer, INDArray> drawn, boolean constants) {
			this.sd = sd;
			this.constants = constants;
			this.batch = batch;
			this.rng = rng;
			this.drawn = drawn;
		}

		/** Builds {@code layers} in order, reading from and adding to {@code outputs}; returns the last output. */
		SDVariable layers(List<Layer> layers, Map<String, List<WeightTensor>> weights, Map<String, SDVariable> outputs, Set<SDVariable> reads) {
			SDVariable last = null;
			for (Layer layer : layers) {
				List<SDVariable> inputs = new ArrayList<>();
				for (String name : layer.inputs()) {
					inputs.add(outputs.get(name));
				}
				SDVariable y = layer(layer, inputs, weights.getOrDefault(layer.name(), List.of()));
				if (layer.kind() != LayerKind.ACTIVATION && layer.config().activation() != null) {
					// "activation" on a layer is shorthand for the nonlinearity that follows it.
					y = activation(layer, layer.config().activation(), y);
				}
				SDVariable named = inputs.contains(y) || reads.contains(y) ? this.sd.identity("out_" + layer.index(), y) : y.rename("out_" + layer.index());
				outputs.put(layer.name(), named);
				last = named;
			}
			return last;
		}

		private String name(Layer layer, String what) {
			return "l" + layer.index() + "_" + what + "_" + this.counter++;
		}

		private SDVariable var(Layer layer, String what, INDArray value) {
			INDArray v = value.dataType() == DataType.FLOAT && !value.isView() && value.ordering() == 'c' ? value : value.castTo(DataType.FLOAT).dup('c');
			return this.constants ? this.sd.constant(name(layer, what), v) : this.sd.var(name(layer, what), v);
		}

		SDVariable layer(Layer layer, List<SDVariable> inputs, List<WeightTensor> tensors) {
			SDVariable x = inputs.get(0);
			LayerConfig c = layer.config();
			long[] in = shapeWithBatch(this.batch, layer.inputShape());
			int rank = in.length;
			return switch (layer.kind()) {
				case LINEAR -> linear(layer, x, rank, weightOf(tensors, Role.WEIGHT), biasOf(tensors));
				case CONV -> in.length == 5 ? conv3d(layer, x, inLayout(kernelOf(tensors), WeightLayout.SPATIAL_IN_OUT), biasOf(tensors))
						: conv(layer, x, in, yxio(inLayout(kernelOf(tensors), WeightLayout.SPATIAL_IN_OUT)), biasOf(tensors), c.groups());
				case DEPTHWISE -> depthwise(layer, x, in, depthwiseWeight(layer, weightOf(tensors, Role.WEIGHT)), biasOf(tensors));
				case SEPARABLE -> {
					List<INDArray> w = weights(tensors);
					SDVariable dw = depthwise(layer, x, in, depthwiseWeight(layer, w.get(0)), null);
					yield pointwise(layer, dw, yxio(inLayout(weightTensors(tensors).get(1), WeightLayout.SPATIAL_IN_OUT)), biasOf(tensors));
				}
				case DO_CONV -> conv(layer, x, in, doConvWeight(layer, weightOf(tensors, Role.WEIGHT)), biasOf(tensors), c.groups());
				case CONV_TRANSPOSE -> in.length == 5 ? deconv3d(layer, x, inLayout(kernelOf(tensors), WeightLayout.SPATIAL_OUT_IN), biasOf(tensors))
						: deconv(layer, x, yxio(inLayout(kernelOf(tensors), WeightLayout.SPATIAL_OUT_IN)), biasOf(tensors));
				case EMBEDDING -> embedding(layer, weightOf(tensors, Role.WEIGHT));
				case LSTM, GRU -> rnn(layer, x, in, tensors);
				case ATTENTION -> attention(layer, x, in, tensors);
				case BATCH_NORM -> batchNorm(layer, x, rank, tensors);
				case LAYER_NORM -> layerNorm(layer, x, tensors);
				case GROUP_NORM -> affine(layer, groupNorm(layer, x, in), tensors, rank);
				case LAYER_SCALE -> x.mul(channelVector(layer, rank, weightOf(tensors, Role.LAYER_SCALE)));
				case ACTIVATION -> activation(layer, x);
				case POOL -> pool(layer, x, in);
				case GLOBAL_POOL -> rank > 2 ? this.sd.mean(x, layer.config().keepDims(), spatialDims(rank)) : x;
				case FLATTEN -> this.sd.reshape(x, this.batch, -1);
				case DROPOUT -> this.sd.identity(x);
				case PAD -> zeroPad(x, in, c.padding());
				case OPAQUE -> throw new IllegalStateException(layer.name() + ": an opaque layer cannot be built (NetworkLimits refuses it)");
				case ADD -> {
					SDVariable sum = inputs.get(0);
					for (int i = 1; i < inputs.size(); i++) {
						sum = sum.add(inputs.get(i));
					}
					yield sum;
				}
				case CONCAT -> this.sd.concat(1, inputs.toArray(new SDVariable[0]));
			};
		}

		private static List<INDArray> weights(List<WeightTensor> tensors) {
			List<INDArray> out = new ArrayList<>();
			for (WeightTensor t : tensors) {
				if (t.spec().role() == Role.WEIGHT) {
					out.add(Nd4j.create(t.values(), toLongs(t.spec().shape()), 'c'));
				}
			}
			return out;
		}

		private static INDArray weightOf(List<WeightTensor> tensors, Role role) {
			for (WeightTensor t : tensors) {
				if (t.spec().role() == role) {
					return Nd4j.create(t.values(), toLongs(t.spec().shape()), 'c');
				}
			}
			throw new IllegalStateException("no " + role + " parameter");
		}

		private static @Nullable INDArray biasOf(List<WeightTensor> tensors) {
			INDArray bias = null;
			for (WeightTensor t : tensors) {
				if (t.spec().role() == Role.BIAS) {
					bias = Nd4j.create(t.values(), new long[] { t.values().length }, 'c');
				}
			}
			return bias;
		}

		/** Linear acts on the channel/feature axis (axis 1 of a channels-first tensor). */
		private SDVariable linear(Layer layer, SDVariable x, int rank, INDArray w, @Nullable INDArray b) {
			Framework fw = layer.framework();
			INDArray kernel = fw == Framework.PYTORCH ? w.transpose().dup('c') : w;
			SDVariable wv = var(layer, "w", kernel);
			long in = kernel.size(0);
			long out = kernel.size(1);
			if (rank == 2) {
				SDVariable y = this.sd.mmul(x, wv);
				return b == null ? y : y.add(var(layer, "b", b.reshape(1, out)));
			}
			int[] toLast = new int[rank];
			toLast[0] = 0;
			for (int i = 1; i < rank - 1; i++) {
				toLast[i] = i + 1;
			}
			toLast[rank - 1] = 1;
			List<Long> dims = layer.outputShape().dims();
			long positions = 1;
			for (int i = 1; i < dims.size(); i++) {
				positions *= dims.get(i);
			}
			SDVariable flat = this.sd.reshape(this.sd.permute(x, toLast), this.batch * positions, in);
			SDVariable y = this.sd.mmul(flat, wv);
			if (b != null) {
				y = y.add(var(layer, "b", b.reshape(1, out)));
			}
			long[] lastShape = new long[rank];
			lastShape[0] = this.batch;
			for (int i = 1; i < dims.size(); i++) {
				lastShape[i] = dims.get(i);
			}
			lastShape[rank - 1] = out;
			int[] back = new int[rank];
			back[0] = 0;
			back[1] = rank - 1;
			for (int i = 2; i < rank; i++) {
				back[i] = i - 1;
			}
			return this.sd.permute(this.sd.reshape(y, lastShape), back);
		}

		/** A parameter's values permuted from its own layout into {@code target}, the layout an ND4J op takes. */
		private static INDArray inLayout(WeightTensor t, WeightLayout target) {
			INDArray w = Nd4j.create(t.values(), toLongs(t.spec().shape()), 'c');
			int[] p = t.spec().layout().permutationTo(target, w.rank());
			for (int i = 0; i < p.length; i++) {
				if (p[i] != i) {
					return w.permute(p).dup('c');
				}
			}
			return w;
		}

		/** A 1-D kernel [k, a, b] as a 2-D one of unit height [1, k, a, b]; 2-D kernels as they are. */
		private static INDArray yxio(INDArray w) {
			return w.rank() == 3 ? w.reshape(1, w.size(0), w.size(1), w.size(2)) : w;
		}

		private static List<WeightTensor> weightTensors(List<WeightTensor> tensors) {
			return tensors.stream().filter(t -> t.spec().role() == Role.WEIGHT).toList();
		}

		private static WeightTensor kernelOf(List<WeightTensor> tensors) {
			return weightTensors(tensors).get(0);
		}

		/** Any framework's depthwise kernel as [kH, kW, C, m] (output channel c·m + j). */
		private static INDArray depthwiseWeight(Layer layer, INDArray w) {
			long m = layer.config().depthMultiplier();
			long cIn = layer.config().in();
			INDArray k = switch (layer.framework()) {
				case PYTORCH -> w.rank() == 3 ? w.permute(2, 1, 0).dup('c').reshape(1, w.size(2), 1, w.size(0)) : w.permute(2, 3, 1, 0).dup('c');
				case DL4J -> w.permute(2, 3, 1, 0).dup('c').reshape(w.size(2), w.size(3), cIn * m, 1);
				default -> w.rank() == 3 ? w.dup('c').reshape(1, w.size(0), w.size(1), w.size(2)) : w;
			};
			return k.dup('c').reshape(k.size(0), k.size(1), cIn, m);
		}

		/** DO-Conv at init (D = 0): the composed kernel is W's M·N columns summed over the identity tiles. */
		private static INDArray doConvWeight(Layer layer, INDArray w) {
			LayerConfig c = layer.config();
			long mn = c.receptiveField();
			long tiles = c.effectiveDMul() / mn;
			long kh = c.kernel().get(0);
			long kw = c.kernel().get(1);
			if (layer.framework().isKerasFamily()) {
				INDArray sum = w.get(NDArrayIndex.interval(0, mn)).dup();
				for (long t = 1; t < tiles; t++) {
					sum.addi(w.get(NDArrayIndex.interval(t * mn, (t + 1) * mn)));
				}
				return sum.reshape(kh, kw, w.size(1), w.size(2));
			}
			INDArray sum = w.get(NDArrayIndex.all(), NDArrayIndex.all(),
					NDArrayIndex.interval(0, mn)).dup();
			for (long t = 1; t < tiles; t++) {
				sum.addi(w.get(NDArrayIndex.all(), NDArrayIndex.all(),
						NDArrayIndex.interval(t * mn, (t + 1) * mn)));
			}
			return sum.dup('c').reshape(w.size(0), w.size(1), kh, kw).permute(2, 3, 1, 0).dup('c');
		}

		private Conv2DConfig convConfig(Layer layer, long kh, long kw) {
			LayerConfig c = layer.config();
			boolean oneD = c.kernel().size() == 1;
			boolean same = "same".equals(c.paddingMode());
			return Conv2DConfig.builder()
				.kH(kh)
				.kW(kw)
				.sH(oneD ? 1 : c.stride().get(0))
				.sW(oneD ? c.stride().get(0) : c.stride().get(1))
				.pH(oneD ? 0 : c.padding().get(0))
				.pW(oneD ? c.padding().get(0) : c.padding().get(1))
				.dH(oneD ? 1 : c.dilation().get(0))
				.dW(oneD ? c.dilation().get(0) : c.dilation().get(1))
				.paddingMode(same ? PaddingMode.SAME : PaddingMode.VALID)
				.dataFormat("NCHW")
				.build();
		}

		private SDVariable to2d(SDVariable x, long[] s) {
			if (s.length == 3) {
				return this.sd.reshape(x, s[0], s[1], 1, s[2]);
			}
			return x;
		}

		private static long[] shape2d(long[] s) {
			return s.length == 3 ? new long[] { s[0], s[1], 1, s[2] } : s;
		}

		private SDVariable back(Layer layer, SDVariable y) {
			if (layer.outputShape().rank() == 2) {
				List<Long> d = layer.outputShape().dims();
				return this.sd.reshape(y, this.batch, d.get(0), d.get(1));
			}
			return y;
		}

		private SDVariable conv(Layer layer, SDVariable x, long[] inShape, INDArray yxio, @Nullable INDArray b, int groups) {
			SDVariable x2 = to2d(x, inShape);
			Conv2DConfig cfg = convConfig(layer, yxio.size(0), yxio.size(1));
			long in = layer.config().in();
			long out = yxio.size(3);
			SDVariable y;
			// The bias goes into the conv op itself where ND4J takes one (one op and its derivative fewer per conv).
			if (groups == 1) {
				SDVariable w = var(layer, "w", yxio);
				y = b == null ? this.sd.cnn().conv2d(x2, w, cfg) : this.sd.cnn().conv2d(x2, w, var(layer, "b", b.reshape(out)), cfg);
				return back(layer, y);
			}
			else if (groups == in && out % in == 0) {
				SDVariable w = var(layer, "w", yxio.dup('c').reshape(yxio.size(0), yxio.size(1), in, out / in));
				y = b == null ? this.sd.cnn().depthWiseConv2d(x2, w, cfg) : this.sd.cnn().depthWiseConv2d(x2, w, var(layer, "b", b.reshape(out)), cfg);
				return back(layer, y);
			}
			else {
				long inG = in / groups;
				long outG = out / groups;
				SDVariable[] parts = new SDVariable[groups];
				long[] s = shape2d(inShape);
				for (int gi = 0; gi < groups; gi++) {
					SDVariable xs = this.sd.slice(x2, new int[] { 0, (int) (gi * inG), 0, 0 }, (int) s[0], (int) inG, (int) s[2], (int) s[3]);
					INDArray wg = yxio.get(NDArrayIndex.all(), NDArrayIndex.all(),
							NDArrayIndex.all(), NDArrayIndex.interval(gi * outG, (gi + 1) * outG));
					parts[gi] = this.sd.cnn().conv2d(xs, var(layer, "w" + gi, wg.dup('c')), cfg);
				}
				y = this.sd.concat(1, parts);
			}
			if (b != null) {
				y = y.add(var(layer, "b", b.reshape(1, out, 1, 1)));
			}
			return back(layer, y);
		}

		/** An ungrouped 3D conv, NCDHW; {@code k} is [kD, kH, kW, in, out] (spatial-in-out), as ND4J's conv3d takes it. */
		private SDVariable conv3d(Layer layer, SDVariable x, INDArray k, @Nullable INDArray b) {
			LayerConfig c = layer.config();
			Conv3DConfig cfg = Conv3DConfig.builder()
				.kD(k.size(0)).kH(k.size(1)).kW(k.size(2))
				.sD(c.stride().get(0)).sH(c.stride().get(1)).sW(c.stride().get(2))
				.pD(c.padding().get(0)).pH(c.padding().get(1)).pW(c.padding().get(2))
				.dD(c.dilation().get(0)).dH(c.dilation().get(1)).dW(c.dilation().get(2))
				.paddingMode("same".equals(c.paddingMode()) ? PaddingMode.SAME : PaddingMode.VALID)
				.dataFormat("NCDHW")
				.build();
			SDVariable y = this.sd.cnn().conv3d(x, var(layer, "w", k), cfg);
			if (b != null) {
				y = y.add(var(layer, "b", b.reshape(1, k.size(4), 1, 1, 1)));
			}
			return y;
		}

		private SDVariable depthwise(Layer layer, SDVariable x, long[] inShape, INDArray kernel, @Nullable INDArray b) {
			SDVariable x2 = to2d(x, inShape);
			SDVariable w = var(layer, "dw", kernel);
			Conv2DConfig cfg = convConfig(layer, kernel.size(0), kernel.size(1));
			SDVariable y = b == null ? this.sd.cnn().depthWiseConv2d(x2, w, cfg) : this.sd.cnn().depthWiseConv2d(x2, w, var(layer, "b", b.reshape(b.length())), cfg);
			return layer.kind() == LayerKind.SEPARABLE ? y : back(layer, y);
		}

		private SDVariable pointwise(Layer layer, SDVariable x, INDArray yxio, @Nullable INDArray b) {
			Conv2DConfig cfg = Conv2DConfig.builder().kH(1).kW(1).sH(1).sW(1).paddingMode(PaddingMode.VALID).dataFormat("NCHW").build();
			SDVariable w = var(layer, "pw", yxio);
			SDVariable y = b == null ? this.sd.cnn().conv2d(x, w, cfg) : this.sd.cnn().conv2d(x, w, var(layer, "b", b.reshape(yxio.size(3))), cfg);
			return back(layer, y);
		}

		/** A 2D (or unit-height 1D) transposed conv; {@code k} is [kH, kW, out, in] (spatial-out-in), as ND4J's deconv2d takes it. */
		private SDVariable deconv(Layer layer, SDVariable x, INDArray k, @Nullable INDArray b) {
			boolean oneD = layer.config().kernel().size() == 1;
			LayerConfig c = layer.config();
			DeConv2DConfig cfg = DeConv2DConfig.builder()
				.kH(k.size(0))
				.kW(k.size(1))
				.sH(oneD ? 1 : c.stride().get(0))
				.sW(c.stride().get(oneD ? 0 : 1))
				.pH(oneD ? 0 : c.padding().get(0))
				.pW(c.padding().get(oneD ? 0 : 1))
				.dH(oneD ? 1 : c.dilation().get(0))
				.dW(c.dilation().get(oneD ? 0 : 1))
				.isSameMode("same".equals(c.paddingMode()))
				.dataFormat("NCHW")
				.build();
			SDVariable y = this.sd.cnn().deconv2d(oneD ? to2d(x, shapeWithBatch(this.batch, layer.inputShape())) : x, var(layer, "w", k), cfg);
			if (b != null) {
				y = y.add(var(layer, "b", b.reshape(1, k.size(2), 1, 1)));
			}
			if (oneD) {
				List<Long> d = layer.outputShape().dims();
				return this.sd.reshape(y, this.batch, d.get(0), d.get(1));
			}
			return y;
		}

		/** An ungrouped 3D transposed conv, NCDHW; {@code k} is [kD, kH, kW, out, in] (spatial-out-in), as ND4J's deconv3d takes it. */
		private SDVariable deconv3d(Layer layer, SDVariable x, INDArray k, @Nullable INDArray b) {
			LayerConfig c = layer.config();
			DeConv3DConfig cfg = DeConv3DConfig.builder()
				.kD(k.size(0)).kH(k.size(1)).kW(k.size(2))
				.sD(c.stride().get(0)).sH(c.stride().get(1)).sW(c.stride().get(2))
				.pD(c.padding().get(0)).pH(c.padding().get(1)).pW(c.padding().get(2))
				.dD(c.dilation().get(0)).dH(c.dilation().get(1)).dW(c.dilation().get(2))
				.isSameMode("same".equals(c.paddingMode()))
				.dataFormat("NCDHW")
				.build();
			SDVariable y = this.sd.cnn().deconv3d(x, var(layer, "w", k), cfg);
			if (b != null) {
				y = y.add(var(layer, "b", b.reshape(1, k.size(3), 1, 1, 1)));
			}
			return y;
		}

		/** Token ids drawn uniformly from the vocabulary, looked up, and put channels first: [B, D, L]. */
		private SDVariable embedding(Layer layer, INDArray table) {
			INDArray ids = this.drawn.computeIfAbsent(layer.index(), i -> tokens(layer, this.batch, this.rng));
			// The table is a variable even when parameters are constants: an embedding reads no input, so without it
			// nothing after it would lie on a path from a variable, and SameDiff would give its outputs no gradient.
			INDArray t = table.dataType() == DataType.FLOAT && !table.isView() && table.ordering() == 'c' ? table : table.castTo(DataType.FLOAT).dup('c');
			SDVariable looked = this.sd.gather(this.sd.var(name(layer, "table"), t), this.sd.constant(name(layer, "ids"), ids), 0);
			return this.sd.permute(looked, 0, 2, 1);
		}

		/**
		 * Training-mode batch norm (batch statistics, as at the first step) as (x − μ)·s + β with per-channel
		 * s = γ/√(σ² + ε), σ² the biased variance (torch and Keras normalize with it). ND4J's fused batchNorm cannot be
		 * differentiated in M2.1 (its derivative loses the axis: "axis must be specified"), and its variance op cannot be
		 * used either: see {@link #variance}.
		 */
		private SDVariable batchNorm(Layer layer, SDVariable x, int rank, List<WeightTensor> tensors) {
			int[] dims = allBut(rank, 1);
			SDVariable centred = x.sub(this.sd.mean(x, true, dims));
			SDVariable var = variance(centred, dims);
			SDVariable gamma = null;
			SDVariable beta = null;
			for (WeightTensor t : tensors) {
				INDArray v = Nd4j.create(t.values(), new long[] { t.values().length }, 'c');
				if (t.spec().role() == Role.NORM_SCALE) {
					gamma = channelVector(layer, rank, v);
				}
				else if (t.spec().role() == Role.NORM_SHIFT) {
					beta = channelVector(layer, rank, v);
				}
			}
			SDVariable scale = this.sd.math().sqrt(var.add(NORM_EPSILON)).rdiv(1.0);
			if (gamma != null) {
				scale = scale.mul(gamma);
			}
			SDVariable y = centred.mul(scale);
			return beta == null ? y : y.add(beta);
		}

		/**
		 * The biased variance of {@code centred} (x − its mean) over {@code dims}, as mean((x − μ)²). Not ND4J's
		 * variance op: in M2.1 a graph run for gradients ({@code calculateGradientsAndOutputs}, {@code fit}) computes it
		 * bias-corrected whatever its {@code biasCorrected} argument says, while {@code output} honours it — over the
		 * 72 values per channel of a batch of 2 at 6×6 a batch norm's output variance was 0.9737 (= 71/72 of the true
		 * 0.9873). Found by {@code SegmentedPropagationTests}, which compares both kinds of run.
		 */
		private SDVariable variance(SDVariable centred, int[] dims) {
			return this.sd.mean(this.sd.math().square(centred), true, dims);
		}

		/** Layer norm over the channel axis at each position (ConvNeXt's channels-last LayerNorm). */
		private SDVariable layerNorm(Layer layer, SDVariable x, List<WeightTensor> tensors) {
			long c = layer.config().in();
			INDArray gain = Nd4j.ones(DataType.FLOAT, c);
			INDArray bias = Nd4j.zeros(DataType.FLOAT, c);
			for (WeightTensor t : tensors) {
				if (t.spec().role() == Role.NORM_SCALE) {
					gain = Nd4j.create(t.values(), new long[] { c }, 'c');
				}
				else if (t.spec().role() == Role.NORM_SHIFT) {
					bias = Nd4j.create(t.values(), new long[] { c }, 'c');
				}
			}
			return this.sd.nn().layerNorm(x, var(layer, "gain", gain), var(layer, "bias", bias), true, 1);
		}

		private SDVariable normalize(SDVariable x, int[] dims) {
			SDVariable centred = x.sub(this.sd.mean(x, true, dims));
			return centred.div(this.sd.math().sqrt(variance(centred, dims).add(NORM_EPSILON)));
		}

		private SDVariable groupNorm(Layer layer, SDVariable x, long[] s) {
			long groups = layer.config().numGroups();
			long[] grouped = new long[s.length + 1];
			grouped[0] = s[0];
			grouped[1] = groups;
			grouped[2] = s[1] / groups;
			System.arraycopy(s, 2, grouped, 3, s.length - 2);
			SDVariable g = this.sd.reshape(x, grouped);
			int[] dims = new int[grouped.length - 2];
			for (int i = 0; i < dims.length; i++) {
				dims[i] = i + 2;
			}
			return this.sd.reshape(normalize(g, dims), s);
		}

		private SDVariable affine(Layer layer, SDVariable x, List<WeightTensor> tensors, int rank) {
			SDVariable y = x;
			for (WeightTensor t : tensors) {
				INDArray v = Nd4j.create(t.values(), new long[] { t.values().length }, 'c');
				if (t.spec().role() == Role.NORM_SCALE) {
					y = y.mul(channelVector(layer, rank, v));
				}
				else if (t.spec().role() == Role.NORM_SHIFT) {
					y = y.add(channelVector(layer, rank, v));
				}
			}
			return y;
		}

		private SDVariable channelVector(Layer layer, int rank, INDArray v) {
			long[] shape = new long[rank];
			Arrays.fill(shape, 1);
			shape[1] = v.length();
			return var(layer, "c", v.reshape(shape));
		}

		private SDVariable activation(Layer layer, SDVariable x) {
			return activation(layer, layer.type().activation(), x);
		}

		SDVariable activation(Layer layer, io.initaudit.core.@Nullable Activation a, SDVariable x) {
			double param = layer.config().activationParam();
			if (a == null) {
				return this.sd.identity(x);
			}
			return switch (a) {
				case RELU -> this.sd.nn().relu(x, 0);
				case LEAKY_RELU -> this.sd.nn().leakyRelu(x, param);
				case GELU -> this.sd.nn().preciseGelu(x);
				case SILU -> this.sd.nn().swish(x);
				case MISH -> x.mul(this.sd.math().tanh(this.sd.nn().softplus(x)));
				case TANH -> this.sd.nn().tanh(x);
				case SIGMOID -> this.sd.nn().sigmoid(x);
				case SELU -> this.sd.nn().selu(x);
				// elu(x) = relu(x) + α·(exp(−relu(−x)) − 1), for any α.
				case ELU -> this.sd.nn().relu(x, 0)
					.add(this.sd.math().exp(this.sd.nn().relu(x.neg(), 0).neg()).sub(1.0).mul(param));
				case SOFTPLUS -> this.sd.nn().softplus(x);
				case SOFTMAX -> this.sd.nn().softmax(x, 1);
				case IDENTITY -> this.sd.identity(x);
			};
		}

		private SDVariable pool(Layer layer, SDVariable x, long[] inShape) {
			LayerConfig c = layer.config();
			boolean oneD = c.kernel().size() == 1;
			SDVariable x2 = to2d(x, inShape);
			Pooling2DConfig cfg = Pooling2DConfig.builder()
				.kH(oneD ? 1 : c.kernel().get(0))
				.kW(oneD ? c.kernel().get(0) : c.kernel().get(1))
				.sH(oneD ? 1 : c.stride().get(0))
				.sW(oneD ? c.stride().get(0) : c.stride().get(1))
				.pH(oneD ? 0 : c.padding().get(0))
				.pW(oneD ? c.padding().get(0) : c.padding().get(1))
				.paddingMode("same".equals(c.paddingMode()) ? PaddingMode.SAME : PaddingMode.VALID)
				.isNHWC(false)
				.build();
			boolean max = layer.type().jsonName().startsWith("max");
			SDVariable y = max ? this.sd.cnn().maxPooling2d(x2, cfg) : this.sd.cnn().avgPooling2d(x2, cfg);
			return back(layer, y);
		}

		/** Recurrent layers unrolled over time; every framework's layout and gate order mapped to (i, f, g, o) / (r, z, n). */
		private SDVariable rnn(Layer layer, SDVariable x, long[] inShape, List<WeightTensor> tensors) {
			LayerConfig c = layer.config();
			boolean lstm = layer.kind() == LayerKind.LSTM;
			int gates = lstm ? 4 : 3;
			long h = c.out();
			SDVariable seq = inShape.length == 2 ? this.sd.reshape(x, this.batch, inShape[1], 1) : x;
			long features = inShape[1];
			long steps = inShape.length == 2 ? 1 : inShape[2];
			int per = tensors.size() / (c.numLayers() * c.directions());
			SDVariable current = seq;
			int ti = 0;
			for (int l = 0; l < c.numLayers(); l++) {
				List<SDVariable> directions = new ArrayList<>();
				for (int d = 0; d < c.directions(); d++) {
					List<WeightTensor> own = tensors.subList(ti, ti + per);
					ti += per;
					RnnWeights w = RnnWeights.of(layer.framework(), own, gates, h);
					directions.add(lstm && fusedLstm ? fusedLstm(layer, current, w, d == 1) : unroll(layer, current, features, w, lstm, h, steps, d == 1));
				}
				current = directions.size() == 1 ? directions.get(0) : this.sd.concat(1, directions.toArray(new SDVariable[0]));
				features = h * c.directions();
			}
			return inShape.length == 2 ? this.sd.reshape(current, this.batch, features) : current;
		}

		/**
		 * One direction of an LSTM layer as ND4J's fused {@code lstmLayer} op over the whole sequence ([B, features, T],
		 * its NST format; gates i, f, g, o as {@link RnnWeights} holds them; one bias, the sum of the input and recurrent
		 * ones), instead of {@link #unroll}'s per-step graph.
		 */
		private SDVariable fusedLstm(Layer layer, SDVariable seq, RnnWeights w, boolean reverse) {
			LSTMLayerConfig cfg = LSTMLayerConfig.builder()
				.lstmdataformat(LSTMDataFormat.NST)
				.directionMode(reverse ? LSTMDirectionMode.BWD : LSTMDirectionMode.FWD)
				.gateAct(LSTMActivations.SIGMOID)
				.cellAct(LSTMActivations.TANH)
				.outAct(LSTMActivations.TANH)
				.retFullSequence(true)
				.retLastH(false)
				.retLastC(false)
				.build();
			LSTMLayerWeights weights = LSTMLayerWeights.builder()
				.weights(var(layer, "wx", w.wx()))
				.rWeights(var(layer, "wh", w.wh()))
				.bias(var(layer, "b", w.bx().add(w.bh()).reshape(w.bx().length())))
				.build();
			return this.sd.rnn().lstmLayer(seq, weights, cfg)[0];
		}

		private SDVariable unroll(Layer layer, SDVariable seq, long features, RnnWeights w, boolean lstm, long h, long steps, boolean reverse) {
			SDVariable wx = var(layer, "wx", w.wx());
			SDVariable wh = var(layer, "wh", w.wh());
			SDVariable bx = var(layer, "bx", w.bx().reshape(1, w.bx().length()));
			SDVariable bh = var(layer, "bh", w.bh().reshape(1, w.bh().length()));
			SDVariable hState = this.sd.constant(name(layer, "h0"), Nd4j.zeros(DataType.FLOAT, this.batch, h));
			SDVariable cState = this.sd.constant(name(layer, "c0"), Nd4j.zeros(DataType.FLOAT, this.batch, h));
			SDVariable[] outs = new SDVariable[(int) steps];
			for (int s = 0; s < steps; s++) {
				int t = reverse ? (int) (steps - 1 - s) : s;
				SDVariable xt = this.sd.reshape(this.sd.slice(seq, new int[] { 0, 0, t }, this.batch, (int) features, 1), this.batch, features);
				SDVariable gx = this.sd.mmul(xt, wx).add(bx);
				SDVariable gh = this.sd.mmul(hState, wh).add(bh);
				if (lstm) {
					SDVariable z = gx.add(gh);
					SDVariable i = this.sd.nn().sigmoid(chunk(z, 0, h));
					SDVariable f = this.sd.nn().sigmoid(chunk(z, 1, h));
					SDVariable g = this.sd.nn().tanh(chunk(z, 2, h));
					SDVariable o = this.sd.nn().sigmoid(chunk(z, 3, h));
					cState = f.mul(cState).add(i.mul(g));
					hState = o.mul(this.sd.nn().tanh(cState));
				}
				else {
					SDVariable r = this.sd.nn().sigmoid(chunk(gx, 0, h).add(chunk(gh, 0, h)));
					SDVariable zg = this.sd.nn().sigmoid(chunk(gx, 1, h).add(chunk(gh, 1, h)));
					SDVariable n = this.sd.nn().tanh(chunk(gx, 2, h).add(r.mul(chunk(gh, 2, h))));
					hState = zg.rsub(1.0).mul(n).add(zg.mul(hState));
				}
				outs[t] = this.sd.reshape(hState, this.batch, h, 1);
			}
			return this.sd.concat(2, outs);
		}

		private SDVariable chunk(SDVariable z, int index, long h) {
			return this.sd.slice(z, new int[] { 0, (int) (index * h) }, this.batch, (int) h);
		}

		/** Zero padding of the spatial axes, before and after each; negative sides crop (Keras Cropping, torch F.pad). */
		private SDVariable zeroPad(SDVariable x, long[] in, List<Integer> sides) {
			int[][] grow = new int[in.length][2];
			int[] begin = new int[in.length];
			long[] size = in.clone();
			boolean crops = false;
			for (int i = 2; i < in.length; i++) {
				int before = sides.get(2 * (i - 2));
				int after = sides.get(2 * (i - 2) + 1);
				grow[i][0] = Math.max(before, 0);
				grow[i][1] = Math.max(after, 0);
				begin[i] = Math.max(-before, 0);
				size[i] = in[i] + before + after;
				crops |= before < 0 || after < 0;
			}
			SDVariable padded = this.sd.nn().pad(x, this.sd.constant(Nd4j.createFromArray(grow)), 0.0);
			return crops ? this.sd.slice(padded, begin, toInts(size)) : padded;
		}

		private static int[] toInts(long[] v) {
			int[] out = new int[v.length];
			for (int i = 0; i < v.length; i++) {
				out[i] = (int) v[i];
			}
			return out;
		}

		/**
		 * Multi-head self-attention over the sequence axis of [B, E, L]: heads of key_dim for queries and keys and of
		 * value_dim for values, projected to output_dim.
		 */
		private SDVariable attention(Layer layer, SDVariable x, long[] inShape, List<WeightTensor> tensors) {
			LayerConfig c = layer.config();
			long e = c.in();
			int heads = c.numHeads();
			long[] dims = { c.keyDim(), c.keyDim(), c.valueDim() };
			long o = c.out();
			SDVariable seq = inShape.length == 2 ? this.sd.reshape(x, this.batch, e, 1) : x;
			long len = inShape.length == 2 ? 1 : inShape[2];
			INDArray[] qkv = new INDArray[3];
			INDArray[] bias = new INDArray[3];
			INDArray wo = null;
			INDArray bo = null;
			for (WeightTensor t : tensors) {
				INDArray v = Nd4j.create(t.values(), toLongs(t.spec().shape()), 'c');
				String n = t.spec().name();
				int qkvIndex = n.startsWith("q") ? 0 : (n.startsWith("k") ? 1 : (n.startsWith("v") ? 2 : -1));
				if (n.equals("in_proj_weight")) {
					for (int i = 0; i < 3; i++) {
						qkv[i] = v.get(NDArrayIndex.interval(i * e, (i + 1) * e), NDArrayIndex.all()).transpose().dup('c');
					}
				}
				else if (n.equals("in_proj_bias")) {
					for (int i = 0; i < 3; i++) {
						bias[i] = v.get(NDArrayIndex.interval(i * e, (i + 1) * e)).dup();
					}
				}
				else if (n.endsWith("_proj_weight") && qkvIndex >= 0) {
					qkv[qkvIndex] = v.transpose().dup('c');
				}
				else if (n.equals("out_proj.weight")) {
					wo = v.transpose().dup('c');
				}
				else if (n.equals("out_proj.bias")) {
					bo = v;
				}
				else if (qkvIndex >= 0) {
					// Keras' and Flax's (in, heads, head_dim) kernels and (heads, head_dim) biases, flattened.
					long width = heads * dims[qkvIndex];
					if (n.endsWith("bias")) {
						bias[qkvIndex] = v.reshape(width);
					}
					else {
						qkv[qkvIndex] = v.reshape(e, width);
					}
				}
				else if (n.contains("out")) {
					if (n.endsWith("bias")) {
						bo = v.reshape(o);
					}
					else {
						wo = v.reshape(heads * c.valueDim(), o);
					}
				}
			}
			SDVariable flat = this.sd.reshape(this.sd.permute(seq, 0, 2, 1), this.batch * len, e);
			SDVariable[] proj = new SDVariable[3];
			for (int i = 0; i < 3; i++) {
				SDVariable p = this.sd.mmul(flat, var(layer, "w" + i, qkv[i]));
				if (bias[i] != null) {
					p = p.add(var(layer, "b" + i, bias[i].reshape(1, heads * dims[i])));
				}
				proj[i] = this.sd.reshape(this.sd.permute(this.sd.reshape(p, this.batch, len, heads, dims[i]), 0, 2, 1, 3), this.batch * heads, len, dims[i]);
			}
			SDVariable scores = this.sd.mmul(proj[0], proj[1], false, true, false).div(Math.sqrt((double) c.keyDim()));
			SDVariable attn = this.sd.nn().softmax(scores, 2);
			SDVariable ctx = this.sd.mmul(attn, proj[2]);
			SDVariable merged = this.sd.reshape(this.sd.permute(this.sd.reshape(ctx, this.batch, heads, len, c.valueDim()), 0, 2, 1, 3), this.batch * len,
					heads * c.valueDim());
			SDVariable out = this.sd.mmul(merged, var(layer, "wo", wo));
			if (bo != null) {
				out = out.add(var(layer, "bo", bo.reshape(1, o)));
			}
			SDVariable y = this.sd.permute(this.sd.reshape(out, this.batch, len, o), 0, 2, 1);
			return inShape.length == 2 ? this.sd.reshape(y, this.batch, o) : y;
		}

		private static int[] allBut(int rank, int keep) {
			int[] dims = new int[rank - 1];
			int k = 0;
			for (int i = 0; i < rank; i++) {
				if (i != keep) {
					dims[k++] = i;
				}
			}
			return dims;
		}

		private static int[] spatialDims(int rank) {
			int[] dims = new int[rank - 2];
			for (int i = 0; i < dims.length; i++) {
				dims[i] = i + 2;
			}
			return dims;
		}

	}

	/** One direction of one recurrent layer in canonical form: x·wx + bx and h·wh + bh, gates (i, f, g, o) or (r, z, n). */
	record RnnWeights(INDArray wx, INDArray wh, INDArray bx, INDArray bh) {

		static RnnWeights of(Framework fw, List<WeightTensor> own, int gates, long h) {
			List<INDArray> w = new ArrayList<>();
			List<INDArray> rw = new ArrayList<>();
			List<INDArray> b = new ArrayList<>();
			for (WeightTensor t : own) {
				INDArray v = Nd4j.create(t.values(), toLongs(t.spec().shape()), 'c');
				switch (t.spec().role()) {
					case WEIGHT -> w.add(v);
					case RECURRENT -> rw.add(v);
					default -> b.add(v);
				}
			}
			long gh = gates * h;
			INDArray zeros = Nd4j.zeros(DataType.FLOAT, gh);
			return switch (fw) {
				case PYTORCH -> new RnnWeights(w.get(0).transpose().dup('c'), rw.get(0).transpose().dup('c'), b.isEmpty() ? zeros : b.get(0),
						b.size() < 2 ? zeros : b.get(1));
				case DL4J -> {
					// DL4J's 4H axis is (g, f, o, i): reorder to (i, f, g, o).
					int[] order = { 3, 1, 0, 2 };
					yield new RnnWeights(reorder(w.get(0), order, h), reorder(rw.get(0), order, h),
							b.isEmpty() ? zeros : reorder(b.get(0).reshape(1, gh), order, h).reshape(gh), zeros);
				}
				case JAX, FLAX -> {
					INDArray wx = Nd4j.concat(1, w.toArray(new INDArray[0]));
					INDArray wh = Nd4j.concat(1, rw.toArray(new INDArray[0]));
					if (gates == 4) {
						yield new RnnWeights(wx, wh, zeros, b.isEmpty() ? zeros : Nd4j.concat(0, b.toArray(new INDArray[0])));
					}
					// Flax GRU: ir, iz, in biases on the input side, hn's bias on the hidden side of n.
					INDArray bx = b.size() >= 3 ? Nd4j.concat(0, b.get(0), b.get(1), b.get(2)) : zeros;
					INDArray bh = b.size() >= 4 ? Nd4j.concat(0, Nd4j.zeros(DataType.FLOAT, 2 * h), b.get(3)) : zeros;
					yield new RnnWeights(wx, wh, bx, bh);
				}
				default -> {
					// Keras: GRU kernels are (z, r, h): reorder to (r, z, n); reset_after bias (2, 3H) = input and recurrent rows.
					int[] order = gates == 3 ? new int[] { 1, 0, 2 } : new int[] { 0, 1, 2, 3 };
					INDArray bias = b.isEmpty() ? null : b.get(0);
					INDArray bx = bias == null ? zeros : (bias.rank() == 2 ? bias.getRow(0).dup() : bias);
					INDArray bh = bias == null || bias.rank() != 2 ? zeros : bias.getRow(1).dup();
					yield new RnnWeights(reorder(w.get(0), order, h), reorder(rw.get(0), order, h), reorder(bx.reshape(1, gh), order, h).reshape(gh),
							reorder(bh.reshape(1, gh), order, h).reshape(gh));
				}
			};
		}

		private static INDArray reorder(INDArray m, int[] order, long h) {
			INDArray[] blocks = new INDArray[order.length];
			for (int i = 0; i < order.length; i++) {
				blocks[i] = m.get(NDArrayIndex.all(),
						NDArrayIndex.interval(order[i] * h, (order[i] + 1) * h));
			}
			return Nd4j.concat(1, blocks).dup('c');
		}

	}

}
