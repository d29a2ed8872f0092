/**
 * The vespa-bench engine: runs a {@link dev.vespabench.api.Backend} against a server over HTTP
 * and folds the request results into run results and a benchmark result.
 *
 * <p>Start with {@link dev.vespabench.core.Benchmark#builder(dev.vespabench.api.Backend)}.
 */
@NullMarked
package dev.vespabench.core;

import org.jspecify.annotations.NullMarked;
