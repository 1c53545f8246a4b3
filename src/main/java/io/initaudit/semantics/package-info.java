/**
 * The semantics catalogue: each framework's weight layouts, fan computations, defaults, and what each recognised
 * initializer call really writes. Pure Java.
 */
@NullMarked
package io.initaudit.semantics;

import org.jspecify.annotations.NullMarked;
