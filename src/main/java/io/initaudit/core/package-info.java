/**
 * Pure-Java initializer maths: fans, distributions and their moments, variance scaling, activation gains.
 */
@NullMarked
package io.initaudit.core;

import org.jspecify.annotations.NullMarked;
