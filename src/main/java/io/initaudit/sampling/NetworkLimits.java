package io.initaudit.sampling;

import java.util.function.Function;
import java.util.function.LongSupplier;

import io.initaudit.model.Layer;
import io.initaudit.model.ModelDescription;
import io.initaudit.semantics.ParameterSpec;
import io.initaudit.semantics.Parameters;
import org.jspecify.annotations.Nullable;

/**
 * What a network must satisfy before an engine builds it (propagation, trials): an input shape, layers the engine
 * supports, and bounds on parameters, batch and activation memory.
 *
 * @param work what the network is built for, as messages name it ({@code propagation}, {@code a trial})
 * @param pointer where the model sits in the request ({@code /model}), prefixed to every layer's pointer
 * @param maxParameters parameters the network may have
 * @param maxParametersProperty the setting that holds {@code maxParameters}, for the message
 * @param maxBatchSize largest batch ({@code 0}: the batch is not checked here)
 * @param maxActivationBytes activation memory a run may need at {@link #BYTES_PER_ACTIVATION} per value ({@code 0}: no bound)
 * @param maxActivationBytesProperty the setting that holds {@code maxActivationBytes}
 * @param unsupported the engine's reason why it cannot build a layer, or {@code null} when it can
 */
public record NetworkLimits(String work, String pointer, long maxParameters, String maxParametersProperty, int maxBatchSize, long maxActivationBytes,
		String maxActivationBytesProperty, Function<Layer, @Nullable String> unsupported) {

	/**
	 * Bytes one activation value costs in a run: the float itself, its gradient, and the working copies of reshapes,
	 * permutes and op-internal buffers (about 4 floats per value on the examples).
	 */
	public static final int BYTES_PER_ACTIVATION = 16;

	/**
	 * Refuses {@code model} at {@code batchSize} when it breaks one of these limits.
	 *
	 * @throws NetworkLimitException naming the field and the limit
	 */
	public void check(ModelDescription model, int batchSize) {
		check(model, batchSize, () -> activationBytes(model, batchSize));
	}

	/**
	 * Like {@link #check(ModelDescription, int)}, with the run's activation memory estimated by the engine (a
	 * propagation cut into segments needs less than its whole graph); asked only once the other limits hold.
	 */
	public void check(ModelDescription model, int batchSize, LongSupplier activationBytes) {
		if (model.inputShape() == null || model.inputShape().elements() <= 0) {
			throw new NetworkLimitException(this.pointer + "/input/shape", this.work + " needs input.shape (per sample, channels first)");
		}
		if (this.maxBatchSize > 0 && (batchSize < 1 || batchSize > this.maxBatchSize)) {
			throw new NetworkLimitException("/batchSize", "batchSize must be between 1 and " + this.maxBatchSize);
		}
		long params = 0;
		for (Layer l : model.layers()) {
			String why = this.unsupported.apply(l);
			if (why != null) {
				throw new NetworkLimitException(this.pointer + l.pointer() + "/type", why);
			}
			for (ParameterSpec p : Parameters.of(l)) {
				params += p.elements();
			}
		}
		if (params > this.maxParameters) {
			throw new NetworkLimitException(this.pointer + "/layers", "the network has " + params + " parameters; " + this.work + " is limited to "
					+ this.maxParameters + " (" + this.maxParametersProperty + ")");
		}
		long bytes = activationBytes.getAsLong();
		if (this.maxActivationBytes > 0 && bytes > this.maxActivationBytes) {
			throw new NetworkLimitException("/batchSize", "batch " + batchSize + " needs about " + bytes / (1 << 20) + " MiB of activations; the limit is "
					+ this.maxActivationBytes / (1 << 20) + " MiB (" + this.maxActivationBytesProperty + "): use a smaller batch or input");
		}
	}

	/** The activation memory of {@code model}'s whole graph at {@code batchSize}: every output at {@link #BYTES_PER_ACTIVATION}. */
	public static long activationBytes(ModelDescription model, int batchSize) {
		long activations = model.inputShape() == null ? 0 : model.inputShape().elements();
		for (Layer l : model.layers()) {
			activations += Math.max(l.outputShape().elements(), 0);
		}
		return activations * batchSize * BYTES_PER_ACTIVATION;
	}

}
