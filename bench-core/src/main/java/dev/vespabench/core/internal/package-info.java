/**
 * Engine internals that other vespa-bench modules use. Not API: anything here may change in any
 * release.
 */
@NullMarked
package dev.vespabench.core.internal;

import org.jspecify.annotations.NullMarked;
