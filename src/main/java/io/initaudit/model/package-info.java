/**
 * The model description: layers, their graph and inferred shapes, declared initializers and intent. Shared by
 * the audit, measurement and trial features.
 */
@NullMarked
package io.initaudit.model;

import org.jspecify.annotations.NullMarked;
