/**
 * JDBC storage of audit reports (H2 embedded, PostgreSQL in production).
 */
@NullMarked
package io.initaudit.audit.persistence;

import org.jspecify.annotations.NullMarked;
