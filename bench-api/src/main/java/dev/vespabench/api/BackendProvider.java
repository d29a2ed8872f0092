package dev.vespabench.api;

import java.util.List;

/**
 * A named factory of backends, found through {@link java.util.ServiceLoader}.
 *
 * <p>Implementations need a public no-argument constructor and a line with their class name in
 * {@code META-INF/services/dev.vespabench.api.BackendProvider}.
 */
public interface BackendProvider {

    /**
     * Returns the name users select this backend by, such as {@code openai-chat}.
     *
     * @return a lower-case name without spaces
     */
    String name();

    /**
     * Returns other names that select this backend, such as the
     * {@code benchmarks.openai:benchmark} values of {@code VESPA_BENCHMARK}.
     *
     * @return the aliases, empty by default
     */
    default List<String> aliases() {
        return List.of();
    }

    /**
     * Returns a one-line description for listings.
     *
     * @return a sentence naming the API and endpoint
     */
    String description();

    /**
     * Creates a backend for the given options.
     *
     * @param options the user's settings
     * @return a backend ready for discovery
     * @throws InvalidOptionException when an option is invalid
     */
    Backend create(BackendOptions options);
}
