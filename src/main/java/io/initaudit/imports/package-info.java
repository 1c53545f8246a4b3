/**
 * Importers that turn what users already have — a Keras {@code model.to_json()} document, the PyTorch exporter's
 * manifest — into a model description. Pure Java (and Jackson trees); the result goes through the same reader
 * and validation as a hand-written description.
 */
@NullMarked
package io.initaudit.imports;

import org.jspecify.annotations.NullMarked;
