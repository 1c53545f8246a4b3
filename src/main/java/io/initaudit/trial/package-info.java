/**
 * Training trials: short runs of the declared and the corrected init on a synthetic task, queued in the database
 * and taken by workers with a lease. The training engine is a port implemented by the ND4J adapter.
 */
@NullMarked
package io.initaudit.trial;

import org.jspecify.annotations.NullMarked;
