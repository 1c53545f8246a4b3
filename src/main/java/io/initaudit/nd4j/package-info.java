/**
 * The ND4J adapter: the only code that touches ND4J. It implements the measurement (and trial) ports with
 * InitAudit's own samplers; DL4J's weight-init classes are never used (../shared/design/nd4j-notes.md).
 */
@NullMarked
package io.initaudit.nd4j;

import org.jspecify.annotations.NullMarked;
