/**
 * HTTP adapter of trials: /api/v1/trials, with Server-Sent Events.
 */
@NullMarked
package io.initaudit.trial.web;

import org.jspecify.annotations.NullMarked;
