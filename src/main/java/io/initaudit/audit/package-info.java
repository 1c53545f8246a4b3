/**
 * Audits a model description: per-parameter fans, declared vs intended laws, findings and corrections, and the
 * stored reports.
 */
@NullMarked
package io.initaudit.audit;

import org.jspecify.annotations.NullMarked;
