package dev.vespabench.core;

import dev.vespabench.api.Backend;
import dev.vespabench.api.BackendOptions;
import dev.vespabench.api.BackendProvider;

/**
 * A second test provider, {@code test-stream}, which creates the streaming {@link TestBackend}.
 * {@code META-INF/services} lists it after {@code test-work}, so the registry's tests can check
 * that names come out sorted.
 */
public final class TestStreamProvider implements BackendProvider {

    @Override
    public String name() {
        return "test-stream";
    }

    @Override
    public String description() {
        return "Engine test backend with event streams.";
    }

    @Override
    public Backend create(BackendOptions options) {
        return new TestBackend(true);
    }
}
