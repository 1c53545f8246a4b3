/**
 * HTTP adapter of the audit feature: POST/GET /api/v1/audits.
 */
@NullMarked
package io.initaudit.audit.web;

import org.jspecify.annotations.NullMarked;
