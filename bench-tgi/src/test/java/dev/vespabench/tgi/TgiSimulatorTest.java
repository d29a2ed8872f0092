package dev.vespabench.tgi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.vespabench.api.Backend;
import dev.vespabench.api.BackendOptions;
import dev.vespabench.api.WorkloadSource;
import dev.vespabench.core.Benchmark;
import dev.vespabench.core.BenchmarkResult;
import dev.vespabench.core.BenchmarkSettings;
import dev.vespabench.core.RunResult;
import dev.vespabench.sim.SimulatedServer;
import dev.vespabench.sim.SimulatorConfig;
import dev.vespabench.sim.Simulator;

/**
 * Runs the TGI backend through the engine against the simulator over real sockets: accuracy,
 * early stops, missing details, discovery and overload. {@link TgiContractTest} covers the
 * contract that every backend shares.
 */
class TgiSimulatorTest {

    private static final Duration LIMIT = Duration.ofSeconds(30);
    private static final int CONCURRENCY = 10;

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void fixedRunMatchesAnalyticThroughput(boolean stream) {
        try (SimulatedServer server = Simulator.start(simulator(config -> config))) {

            BenchmarkResult result = run(server,
                    Map.of("max-new-tokens", "200", "stream", Boolean.toString(stream)), 3);

            double analytic = server.analyticThroughput(CONCURRENCY);
            assertThat(analytic).isCloseTo(2000.0, withinPercentage(0.01));
            assertThat(result.measured()).isTrue();
            assertThat(result.failures()).isEmpty();
            assertThat(result.runs()).hasSize(3);
            assertThat(result.value()).isCloseTo(analytic, withinPercentage(10));
            for (RunResult run : result.runs()) {
                assertThat(run.succeeded()).isEqualTo(CONCURRENCY);
                assertThat(run.workload()).isEqualTo(2000.0);
                assertThat(run.workloadSources()).containsExactly(WorkloadSource.REPORTED);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void earlyStopCountsGeneratedTokens(boolean stream) {
        try (SimulatedServer server =
                Simulator.start(simulator(config -> config.maxOutputTokens(40)))) {

            BenchmarkResult result = run(server, Map.of("stream", Boolean.toString(stream)), 2);

            assertThat(result.measured()).isTrue();
            assertThat(result.workloadEstimated()).isFalse();
            for (RunResult run : result.runs()) {
                assertThat(run.succeeded()).isEqualTo(CONCURRENCY);
                // 40 tokens per request were generated, where max_new_tokens requested 256.
                assertThat(run.workload()).isEqualTo(400.0);
                assertThat(run.workloadSources()).containsExactly(WorkloadSource.REPORTED);
            }
            // A 40-token wave lasts about 200 ms, so a few milliseconds of fixed cost per wave
            // weigh heavily here; the accuracy tests above use longer outputs.
            double analytic = server.analyticThroughput(CONCURRENCY);
            assertThat(result.value()).isBetween(0.5 * analytic, 1.05 * analytic);
        }
    }

    @Test
    void missingDetailsFallBackToEstimate() {
        try (SimulatedServer server = Simulator.start(
                simulator(config -> config.includeUsage(false).maxOutputTokens(20)))) {

            BenchmarkResult result = run(server, Map.of("max-new-tokens", "50"), 1);

            RunResult run = result.runs().get(0);
            assertThat(result.measured()).isTrue();
            assertThat(result.workloadEstimated()).isTrue();
            // 20 generated words estimated from their text, not the 50 requested.
            assertThat(run.workload()).isBetween(100.0, 499.0);
            assertThat(run.workloadSources()).containsExactly(WorkloadSource.ESTIMATED);
        }
    }

    @Test
    void discoveryReportsModelAndLimit() {
        try (SimulatedServer server = Simulator.start(
                simulator(config -> config.modelName("sim-llama").maxConcurrentRequests(64)))) {

            BenchmarkResult result = run(server, Map.of("max-new-tokens", "10"), 1);

            assertThat(result.backend().backend()).isEqualTo("tgi");
            assertThat(result.backend().model()).isEqualTo("sim-llama");
            assertThat(result.backend().maxConcurrentRequests()).isEqualTo(OptionalInt.of(64));
            assertThat(result.notes())
                    .contains("model name from GET /info, TGI version vespa-bench-sim");
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void overloadedRequestsAreCountedByType(boolean stream) {
        try (SimulatedServer server =
                Simulator.start(simulator(config -> config.maxConcurrentRequests(4)))) {

            BenchmarkResult result = run(server,
                    Map.of("max-new-tokens", "40", "stream", Boolean.toString(stream)), 1);

            RunResult run = result.runs().get(0);
            assertThat(result.measured()).isTrue();
            assertThat(run.succeeded()).isEqualTo(4);
            assertThat(run.failures()).containsExactly(Map.entry("backend_error:overloaded", 6L));
            assertThat(run.unreliable()).isTrue();
            assertThat(result.selection()).endsWith("so the figure is unreliable");
            assertThat(result.unreliable()).isTrue();
            assertThat(result.failures())
                    .containsExactly(Map.entry("backend_error:overloaded", 6L));
        }
    }

    private static SimulatorConfig simulator(UnaryOperator<SimulatorConfig.Builder> changes) {
        return changes.apply(SimulatorConfig.builder()
                .slots(64).baseStepMillis(4.0).perSequenceStepMillis(0.1)).build();
    }

    private static BenchmarkResult run(SimulatedServer server, Map<String, String> options,
            int runs) {
        Backend backend = new TgiProvider().create(new BackendOptions(options, Map.of()));
        BenchmarkSettings settings = BenchmarkSettings.builder(server.baseUrl())
                .runs(runs)
                .concurrency(CONCURRENCY)
                .requestTimeout(Duration.ofSeconds(10))
                .startupTimeout(Duration.ofSeconds(10))
                .healthInterval(Duration.ofMillis(50))
                .deadline(LIMIT)
                .seed(42)
                .build();
        return Benchmark.builder(backend).settings(settings).build().result().block(LIMIT);
    }
}
