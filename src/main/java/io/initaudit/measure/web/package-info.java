/**
 * HTTP adapter of measurement: POST /api/v1/propagation.
 */
@NullMarked
package io.initaudit.measure.web;

import org.jspecify.annotations.NullMarked;
