package io.initaudit.semantics;

import io.initaudit.core.FanMode;
import org.jspecify.annotations.Nullable;

/**
 * What the user meant a parameter's init to be: from {@code intent}, else read from the call (its scheme and
 * mode with correct fans, and the gain of the nonlinearity that really follows).
 *
 * @param scheme he, xavier, lecun, variance_scaling, orthogonal, or fixed (an explicit std)
 * @param mode the fan divided by, for fan-based schemes
 * @param gain the gain, for fan-based schemes
 * @param std the std the samples should have
 * @param ambiguous whether the call alone does not say which std was meant (a truncated sampler's σ argument)
 */
public record Intended(String scheme, @Nullable FanMode mode, @Nullable Double gain, double std, boolean ambiguous) {
}
