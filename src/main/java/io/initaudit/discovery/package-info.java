/**
 * Discovery: the supported frameworks, layer types, initializer calls and finding codes, and ready example models.
 */
@NullMarked
package io.initaudit.discovery;

import org.jspecify.annotations.NullMarked;
