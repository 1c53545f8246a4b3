/**
 * Measurement: what the initializers really produce when sampled, and what the network does with it at
 * initialization. The sampling and propagation engines are ports implemented by the ND4J adapter.
 */
@NullMarked
package io.initaudit.measure;

import org.jspecify.annotations.NullMarked;
