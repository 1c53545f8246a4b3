/**
 * Cross-cutting Spring setup: request body reading, error responses as problem details, OpenAPI.
 */
@NullMarked
package io.initaudit.system;

import org.jspecify.annotations.NullMarked;
