package dev.vespabench.tgi;

import java.util.Map;
import java.util.Optional;

import dev.vespabench.api.Backend;
import dev.vespabench.api.BackendOptions;
import dev.vespabench.sim.SimulatorConfig;
import dev.vespabench.testkit.BackendContractTest;
import org.junit.jupiter.api.Nested;

/** Holds the TGI backend to the backend contract, with whole responses and with streams. */
class TgiContractTest {

    private static Backend backend(boolean stream) {
        return new TgiProvider().create(new BackendOptions(Map.of(
                "max-new-tokens", "20", "stream", Boolean.toString(stream)), Map.of()));
    }

    @Nested
    class Generate extends BackendContractTest {

        @Override
        protected Backend createBackend() {
            return backend(false);
        }

        @Override
        protected SimulatorConfig simulator() {
            return SimulatorConfig.defaults();
        }

        @Override
        protected boolean streams() {
            return false;
        }
    }

    @Nested
    class GenerateStream extends BackendContractTest {

        @Override
        protected Backend createBackend() {
            return backend(true);
        }

        @Override
        protected SimulatorConfig simulator() {
            return SimulatorConfig.defaults();
        }

        @Override
        protected boolean streams() {
            return true;
        }

        /** Streams past TGI's {@code max_concurrent_requests} get an {@code overloaded} event. */
        @Override
        protected Optional<ErrorEvents> errorEvents() {
            SimulatorConfig limited = SimulatorConfig.builder()
                    .maxConcurrentRequests(CONCURRENCY / 2)
                    .build();
            return Optional.of(new ErrorEvents(limited, "backend_error:overloaded"));
        }
    }
}
