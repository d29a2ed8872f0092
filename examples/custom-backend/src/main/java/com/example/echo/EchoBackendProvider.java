package com.example.echo;

import java.util.List;

import dev.vespabench.api.Backend;
import dev.vespabench.api.BackendOptions;
import dev.vespabench.api.BackendProvider;

/**
 * Makes the echo backend selectable as {@code echo}. ServiceLoader finds it through
 * {@code META-INF/services/dev.vespabench.api.BackendProvider}, and
 * {@code VESPA_BENCHMARK=com.example.echo.EchoBackendProvider} names it directly.
 */
public final class EchoBackendProvider implements BackendProvider {

    /** Creates the provider; ServiceLoader needs a public no-argument constructor. */
    public EchoBackendProvider() {
    }

    @Override
    public String name() {
        return "echo";
    }

    @Override
    public List<String> aliases() {
        return List.of("benchmarks.echo:benchmark");
    }

    @Override
    public String description() {
        return "Example JSON echo API: POST /echo, workload = words echoed back";
    }

    @Override
    public Backend create(BackendOptions options) {
        return new EchoBackend(EchoBackend.words(options));
    }
}
