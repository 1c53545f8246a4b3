/**
 * Spring wiring of the sampling kernel: its settings ({@code initaudit.measure.*}) and the measurement slots.
 */
@NullMarked
package io.initaudit.sampling.config;

import org.jspecify.annotations.NullMarked;
