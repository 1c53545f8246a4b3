/**
 * JDBC storage of the trial queue.
 */
@NullMarked
package io.initaudit.trial.persistence;

import org.jspecify.annotations.NullMarked;
