/**
 * The service-provider interface of vespa-bench.
 *
 * <p>A backend module registers a {@link dev.vespabench.api.BackendProvider} with
 * {@link java.util.ServiceLoader}. The provider creates a {@link dev.vespabench.api.Backend},
 * which describes HTTP requests and reads their responses. Backends are pure: they perform no
 * I/O and read no clocks, so the engine owns every connection, timeout and measurement, and a
 * backend is testable on response bodies alone.
 */
@NullMarked
package dev.vespabench.api;

import org.jspecify.annotations.NullMarked;
