/**
 * Report formats for logs and CI: a text table, Markdown, SARIF 2.1.0 and JUnit XML. Pure functions of a report.
 */
@NullMarked
package io.initaudit.audit.format;

import org.jspecify.annotations.NullMarked;
