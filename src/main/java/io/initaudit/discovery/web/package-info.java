/**
 * HTTP adapter of discovery: GET /api/v1/frameworks and /api/v1/examples.
 */
@NullMarked
package io.initaudit.discovery.web;

import org.jspecify.annotations.NullMarked;
