package io.initaudit.measure;

/**
 * Signal statistics at one layer's output, over the batch.
 *
 * @param activationMean mean of all output values
 * @param activationVariance variance of all output values
 * @param channelVariance variance of each channel over batch and positions, averaged over channels
 * @param gradientNorm L2 norm of the loss gradient with respect to the layer's output
 */
public record LayerSignal(String name, String type, double activationMean, double activationVariance, double channelVariance,
		double gradientNorm) {
}
