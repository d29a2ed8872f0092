package dev.vespabench.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.vespabench.api.Backend;
import dev.vespabench.api.BackendOptions;
import dev.vespabench.api.WorkloadSource;
import dev.vespabench.core.ArrivalStatistics;
import dev.vespabench.core.Arrivals;
import dev.vespabench.core.Backends;
import dev.vespabench.core.Benchmark;
import dev.vespabench.core.BenchmarkResult;
import dev.vespabench.core.BenchmarkSettings;
import dev.vespabench.core.CapacityStrategy;
import dev.vespabench.core.LoadStrategy;
import dev.vespabench.core.RateStrategy;
import dev.vespabench.core.RunResult;
import dev.vespabench.core.Strategies;
import dev.vespabench.core.WindowStatistics;
import dev.vespabench.sim.SimulatedServer;
import dev.vespabench.sim.Simulator;
import dev.vespabench.sim.SimulatorConfig;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/**
 * Each strategy over real sockets against the simulator, whose throughput is known: 4 slots,
 * 2 + 0.5 n ms per step, 100-token requests, so 400 ms per request and 1,000 tokens/s at
 * concurrency 4 and above.
 */
class SimulatorStrategiesTest {

    private static final Duration LIMIT = Duration.ofSeconds(30);
    private static final SimulatorConfig CONFIG = SimulatorConfig.builder().slots(4)
            .baseStepMillis(2).perSequenceStepMillis(0.5).build();

    @Test
    void fixedWavesMatchAnalyticThroughput() {
        try (SimulatedServer server = Simulator.start(CONFIG)) {

            BenchmarkResult result = run(server, true, Strategies.fixed(2, 4));

            assertThat(result.measured()).isTrue();
            assertThat(result.runs()).hasSize(2);
            // A wave's requests reach the simulator one after another and enter slots at step
            // boundaries, so a wave takes a few steps longer than the analytic figure assumes,
            // and longer still on a busy machine.
            double analytic = server.analyticThroughput(4);
            assertThat(result.value()).isBetween(0.85 * analytic, 1.02 * analytic);
            RunResult run = result.bestRun().orElseThrow();
            assertThat(run.workloadSources()).containsExactly(WorkloadSource.REPORTED);
            assertThat(run.interTokenLatency().count()).isEqualTo(4 * 99);
        }
    }

    @Test
    void steadyWholeBodiesMatchAnalyticThroughput() {
        try (SimulatedServer server = Simulator.start(CONFIG)) {

            BenchmarkResult result = run(server, false, Strategies.steady(2));

            RunResult run = result.runs().get(0);
            WindowStatistics windows = run.windows().orElseThrow();
            assertThat(result.measured()).isTrue();
            assertThat(result.selectedRun()).hasValue(1);
            // Each finished request is replaced after a round trip and waits for the next step
            // to enter a slot, so a closed loop gets a little less than the analytic figure,
            // and less still on a busy machine.
            double analytic = server.analyticThroughput(2);
            assertThat(result.value()).isBetween(0.9 * analytic, 1.02 * analytic);
            assertThat(windows.converged()).isTrue();
            assertThat(windows.window()).isBetween(Duration.ofMillis(250), Duration.ofMillis(450));
            assertThat(run.timeToFirstToken().count()).isZero();
        }
    }

    @Test
    void capacityFindsSaturation() {
        try (SimulatedServer server = Simulator.start(CONFIG)) {
            CapacityStrategy strategy = CapacityStrategy.defaults().withConcurrency(1, 16);

            BenchmarkResult result = run(server, true, strategy);

            assertThat(result.measured()).isTrue();
            assertThat(result.value()).isCloseTo(server.analyticCapacity(),
                    Percentage.withPercentage(5));
            List<Integer> levels = result.runs().stream().map(RunResult::concurrency).toList();
            assertThat(levels).startsWith(1, 2, 4, 8).doesNotContain(16);
            assertThat(result.bestRun().orElseThrow().concurrency()).isBetween(4, 8);
            assertThat(result.selection()).contains("best sustainable level");
            for (RunResult level : result.runs()) {
                assertThat(level.throughput()).as("concurrency %d", level.concurrency())
                        .isCloseTo(server.analyticThroughput(level.concurrency()),
                                Percentage.withPercentage(8));
            }
        }
    }

    @Test
    void capacityStreamsLevelsAsTheyFinish() {
        try (SimulatedServer server = Simulator.start(CONFIG)) {
            Benchmark benchmark = benchmark(server, true,
                    CapacityStrategy.defaults().withConcurrency(1, 2).withRefineSteps(0));

            StepVerifier.create(benchmark.runs())
                    .assertNext(level -> assertThat(level.concurrency()).isEqualTo(1))
                    .assertNext(level -> assertThat(level.concurrency()).isEqualTo(2))
                    .expectComplete()
                    .verify(LIMIT);
        }
    }

    @Test
    void rateKeepsArrivalsAndRecordsStreamTiming() {
        try (SimulatedServer server = Simulator.start(CONFIG)) {
            RateStrategy strategy = RateStrategy.of(8, Duration.ofSeconds(2))
                    .withArrivals(Arrivals.POISSON, 1);

            BenchmarkResult result = run(server, true, strategy);

            RunResult run = result.runs().get(0);
            ArrivalStatistics arrivals = run.arrivals().orElseThrow();
            assertThat(arrivals.scheduled()).isBetween(5L, 40L);
            assertThat(arrivals.dropped()).isZero();
            assertThat(run.requests()).isEqualTo(arrivals.scheduled());
            assertThat(run.failed()).isZero();
            assertThat(run.timeToFirstToken().count()).isEqualTo(run.succeeded());
            assertThat(run.interTokenLatency().p50()).isBetween(1.0, 10.0);
            assertThat(run.timePerOutputToken().p50()).isBetween(2.0, 5.0);
        }
    }

    private static BenchmarkResult run(SimulatedServer server, boolean stream,
            LoadStrategy strategy) {
        return benchmark(server, stream, strategy).result().block(LIMIT);
    }

    private static Benchmark benchmark(SimulatedServer server, boolean stream,
            LoadStrategy strategy) {
        Backend backend = Backends.load().find("openai").create(new BackendOptions(
                Map.of("model", CONFIG.modelName(), "max-tokens", "100",
                        "stream", Boolean.toString(stream)), Map.of()));
        BenchmarkSettings settings = BenchmarkSettings.builder(server.baseUrl()).seed(1)
                .deadline(LIMIT).build();
        return Benchmark.builder(backend).settings(settings).strategy(strategy).build();
    }
}
