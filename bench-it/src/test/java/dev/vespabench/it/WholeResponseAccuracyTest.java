package dev.vespabench.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import dev.vespabench.api.Backend;
import dev.vespabench.api.BackendOptions;
import dev.vespabench.core.Backends;
import dev.vespabench.core.Benchmark;
import dev.vespabench.core.BenchmarkResult;
import dev.vespabench.core.BenchmarkSettings;
import dev.vespabench.core.CapacityStrategy;
import dev.vespabench.core.LoadStrategy;
import dev.vespabench.core.RateStrategy;
import dev.vespabench.core.RunResult;
import dev.vespabench.core.SteadyStrategy;
import dev.vespabench.core.WindowStatistics;
import dev.vespabench.sim.ImageConfig;
import dev.vespabench.sim.SimulatedServer;
import dev.vespabench.sim.Simulator;
import dev.vespabench.sim.SimulatorConfig;
import org.junit.jupiter.api.Test;

/**
 * Strategies over real sockets against the simulator when responses are not streamed, so a
 * request's work shows only at its end, and at concurrencies where requests queue. Text: 8
 * slots, 2 + 0.5 n ms per step, 100-token requests, so 600 ms per request and 1,333 tokens/s
 * from concurrency 8. Images: 100 workload per job.
 */
class WholeResponseAccuracyTest {

    private static final Duration LIMIT = Duration.ofSeconds(120);
    private static final SimulatorConfig TEXT = SimulatorConfig.builder().slots(8)
            .baseStepMillis(2).perSequenceStepMillis(0.5).build();

    @Test
    void capacityOfWholeBodiesMatchesAnalytic() {
        try (SimulatedServer server = Simulator.start(TEXT)) {
            CapacityStrategy strategy = CapacityStrategy.defaults().withConcurrency(1, 16)
                    .withRefineSteps(0);

            BenchmarkResult result = run(text(server), server, strategy);

            double analytic = server.analyticCapacity();
            // A closed loop replaces a finished request after a round trip, so it measures a
            // little below the analytic figure; measuring above it is the failure to catch.
            assertThat(result.value()).isBetween(0.9 * analytic, 1.03 * analytic);
            for (RunResult level : result.runs()) {
                assertThat(level.throughput()).as("concurrency %d", level.concurrency())
                        .isLessThan(1.03 * server.analyticThroughput(level.concurrency()));
            }
        }
    }

    @Test
    void steadyOfQueuedWholeBodiesMatchesAnalytic() {
        try (SimulatedServer server = Simulator.start(TEXT)) {

            BenchmarkResult result = run(text(server), server, SteadyStrategy.of(16));

            RunResult run = result.runs().get(0);
            WindowStatistics windows = run.windows().orElseThrow();
            double analytic = server.analyticThroughput(16);
            assertThat(result.value()).isBetween(0.9 * analytic, 1.03 * analytic);
            assertThat(windows.max()).isLessThan(1.05 * analytic);
            assertThat(windows.halfWidthKnown()).isTrue();
        }
    }

    @Test
    void capacityOfImageJobsMatchesWorkers() {
        SimulatorConfig config = TEXT.toBuilder().images(ImageConfig.of(2, 200)).build();
        try (SimulatedServer server = Simulator.start(config)) {
            CapacityStrategy strategy = CapacityStrategy.defaults().withConcurrency(1, 8)
                    .withRefineSteps(0);

            BenchmarkResult result = run(images(), server, strategy);

            double analytic = 100 * server.analyticJobsPerSecond(8);
            assertThat(result.value()).isBetween(0.85 * analytic, 1.03 * analytic);
            for (RunResult level : result.runs()) {
                assertThat(level.throughput()).as("concurrency %d", level.concurrency())
                        .isLessThan(1.03 * 100 * server.analyticJobsPerSecond(
                                level.concurrency()));
            }
        }
    }

    @Test
    void rateAboveImageCapacityMeasuresCompletions() {
        SimulatorConfig config = TEXT.toBuilder().images(ImageConfig.of(1, 200)).build();
        try (SimulatedServer server = Simulator.start(config)) {
            // 10 arrivals per second at a server that completes 5 jobs per second.
            RateStrategy strategy = RateStrategy.of(10, Duration.ofSeconds(4));

            BenchmarkResult result = run(images(), server, strategy);

            RunResult run = result.runs().get(0);
            double analytic = 100 * server.analyticJobsPerSecond(1);
            assertThat(result.value()).isBetween(0.85 * analytic, 1.03 * analytic);
            assertThat(run.windows().orElseThrow().max()).isLessThan(1.05 * analytic);
        }
    }

    private static Backend text(SimulatedServer server) {
        return Backends.load().find("openai").create(new BackendOptions(
                Map.of("model", TEXT.modelName(), "max-tokens", "100", "stream", "false"),
                Map.of()));
    }

    private static Backend images() {
        return Backends.load().find("comfyui").create(new BackendOptions(Map.of(), Map.of()));
    }

    private static BenchmarkResult run(Backend backend, SimulatedServer server,
            LoadStrategy strategy) {
        BenchmarkSettings settings = BenchmarkSettings.builder(server.baseUrl()).seed(1)
                .deadline(LIMIT).build();
        return Benchmark.builder(backend).settings(settings).strategy(strategy).build().result()
                .block(LIMIT);
    }
}
