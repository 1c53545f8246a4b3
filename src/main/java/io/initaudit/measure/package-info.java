/**
 * Measurement: what the network does with its initial weights, forward and backward, at initialization. The
 * propagation engine is a port implemented by the ND4J adapter; the weights come from the sampling kernel.
 */
@NullMarked
package io.initaudit.measure;

import org.jspecify.annotations.NullMarked;
