package dev.vespabench.comfyui;

import dev.vespabench.api.Backend;
import dev.vespabench.api.BackendOptions;
import dev.vespabench.sim.ImageConfig;
import dev.vespabench.sim.SimulatedServer;
import dev.vespabench.sim.SimulatorConfig;
import dev.vespabench.testkit.BackendContractTest;
import org.junit.jupiter.api.Nested;

/**
 * Holds both ComfyUI backends to the backend contract. Their workload is a fixed figure per
 * image job, so the server's work is its completed jobs times that figure.
 */
class ComfyContractTest {

    // The backend's default workload_per_job, the workload of one job of the default workflow.
    private static final double WORKLOAD_PER_JOB = 100;

    // One worker per request in flight, so every job of a wave runs at once.
    private static final SimulatorConfig SIMULATOR = SimulatorConfig.builder()
            .images(ImageConfig.of(BackendContractTest.CONCURRENCY, 200))
            .build();

    @Nested
    class Worker extends ImageJobContract {

        @Override
        protected Backend createBackend() {
            return new ComfyUiProvider().create(BackendOptions.empty());
        }
    }

    @Nested
    class Native extends ImageJobContract {

        @Override
        protected Backend createBackend() {
            return new ComfyUiNativeProvider().create(BackendOptions.empty());
        }
    }

    /** The contract of a backend whose every request is one image job. */
    abstract static class ImageJobContract extends BackendContractTest {

        @Override
        protected SimulatorConfig simulator() {
            return SIMULATOR;
        }

        @Override
        protected boolean streams() {
            return false;
        }

        @Override
        protected long serverRequests(SimulatedServer server) {
            return server.completedImageJobs();
        }

        @Override
        protected double serverWorkload(SimulatedServer server) {
            return server.completedImageJobs() * WORKLOAD_PER_JOB;
        }
    }
}
