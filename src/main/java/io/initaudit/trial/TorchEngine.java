package io.initaudit.trial;

import java.util.EnumSet;
import java.util.Set;

import io.initaudit.model.Framework;
import io.initaudit.model.Layer;
import io.initaudit.model.LayerType;
import io.initaudit.model.ModelDescription;
import org.jspecify.annotations.Nullable;

/**
 * What the PyTorch trial worker ({@code clients/python/initaudit_worker}) can build: PyTorch models (the parameters in
 * torch's own layout, so the declared {@code torch.nn.init} calls run on the tensors they were written for) of these
 * layer types. Keep in step with {@code initaudit_worker/model.py}.
 */
public final class TorchEngine {

	public static final String NAME = "torch";

	static final Set<LayerType> TYPES = EnumSet.of(LayerType.LINEAR, LayerType.CONV1D, LayerType.CONV2D, LayerType.CONV3D, LayerType.CONV_TRANSPOSE1D,
			LayerType.CONV_TRANSPOSE2D, LayerType.EMBEDDING, LayerType.LSTM, LayerType.GRU, LayerType.MULTIHEAD_ATTENTION, LayerType.BATCH_NORM,
			LayerType.LAYER_NORM, LayerType.GROUP_NORM, LayerType.LAYER_SCALE, LayerType.RELU, LayerType.LEAKY_RELU, LayerType.GELU, LayerType.SILU,
			LayerType.MISH, LayerType.TANH, LayerType.SIGMOID, LayerType.SELU, LayerType.ELU, LayerType.SOFTPLUS, LayerType.SOFTMAX, LayerType.IDENTITY,
			LayerType.AVG_POOL1D, LayerType.AVG_POOL2D, LayerType.MAX_POOL1D, LayerType.MAX_POOL2D, LayerType.ZERO_PAD1D, LayerType.ZERO_PAD2D, LayerType.GLOBAL_AVG_POOL, LayerType.FLATTEN,
			LayerType.DROPOUT, LayerType.ADD, LayerType.CONCAT);

	private TorchEngine() {
	}

	/** Why the torch worker cannot train this model, or {@code null} when it can. */
	public static @Nullable String unsupported(ModelDescription model) {
		for (Layer l : model.layers()) {
			if (l.framework() != Framework.PYTORCH) {
				return "layer '" + l.name() + "' is a " + l.framework().jsonName() + " layer; the torch worker trains PyTorch models";
			}
			if (!TYPES.contains(l.type())) {
				return "layer '" + l.name() + "' (" + l.type().jsonName() + ") is not built by the torch worker yet";
			}
			if (l.config().bidirectional() || l.config().numLayers() > 1) {
				return "layer '" + l.name() + "': the torch worker builds single-layer, one-direction recurrent layers";
			}
		}
		return null;
	}

}
