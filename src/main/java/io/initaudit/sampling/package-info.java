/**
 * A network's initial weights, the one home of what audit, propagation and trials share: the {@link Sampler} port
 * (implemented by the ND4J adapter), sample statistics, the weight tensor, {@link InitialWeights} (which law and
 * which seed each parameter gets, per variant), {@link NetworkLimits} and the measurement slots. Plain Java; the
 * Spring wiring is in {@code config}.
 */
@NullMarked
package io.initaudit.sampling;

import org.jspecify.annotations.NullMarked;
