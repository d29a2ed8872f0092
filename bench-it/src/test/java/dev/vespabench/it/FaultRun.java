package dev.vespabench.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import dev.vespabench.core.Benchmark;
import dev.vespabench.core.BenchmarkResult;
import dev.vespabench.core.BenchmarkSettings;
import dev.vespabench.core.RunResult;
import dev.vespabench.sim.Fault;
import dev.vespabench.sim.FaultConfig;
import dev.vespabench.sim.SimulatedServer;
import dev.vespabench.sim.Simulator;
import dev.vespabench.sim.SimulatorConfig;

/**
 * Runs a benchmark against a simulator with faults and checks what it reported against what
 * the simulator injected.
 *
 * <p>The simulator keeps its default batching model: 64 slots and {@code 4 + 0.1 n} ms per
 * step. Each request is for {@value #TOKENS} tokens, so a wave of 10 takes about 500 ms.
 * A wave also pays for HTTP round trips and for requests that join the batch one step late,
 * 10 to 30 ms on a two-core machine, so measured figures fall a few percent below the model.
 */
final class FaultRun {

    /** Tokens per request. */
    static final int TOKENS = 100;

    /** The benchmark deadline of every test. A benchmark that reaches it has hung. */
    static final Duration DEADLINE = Duration.ofSeconds(30);

    /** The maximum wait for a result, past which the test fails instead of hanging. */
    static final Duration WAIT = DEADLINE.plusSeconds(10);

    /**
     * How far below its expected figure a run's throughput may fall. The first run of a
     * benchmark without warm-up also pays for opening connections and for JIT compilation.
     */
    static final double BELOW = 0.25;

    /** How far below its expected figure the reported throughput, the best run's, may fall. */
    static final double BEST_BELOW = 0.15;

    /** How far above its expected figure a run's throughput may rise: timer rounding. */
    static final double ABOVE = 0.05;

    private FaultRun() {
    }

    static SimulatedServer start(FaultConfig faults) {
        return Simulator.start(SimulatorConfig.builder().faults(faults).build());
    }

    /**
     * Returns settings for a short benchmark: 5 runs of 10 concurrent requests, no warm-up, a
     * request timeout of 5 s and health polls every 50 ms.
     */
    static BenchmarkSettings.Builder settings(SimulatedServer server) {
        return BenchmarkSettings.builder(server.baseUrl())
                .runs(5)
                .concurrency(10)
                .warmup(false)
                .requestTimeout(Duration.ofSeconds(5))
                .connectTimeout(Duration.ofSeconds(2))
                .startupTimeout(Duration.ofSeconds(10))
                .healthInterval(Duration.ofMillis(50))
                .deadline(DEADLINE)
                .seed(1);
    }

    /** Creates the benchmark of a variant, with {@value #TOKENS} tokens per request. */
    static Benchmark benchmark(Variant variant, BenchmarkSettings.Builder settings) {
        return Benchmark.builder(variant.backend(TOKENS)).settings(settings.build()).build();
    }

    /** Runs the benchmark and waits at most {@link #WAIT} for its result. */
    static BenchmarkResult run(Variant variant, BenchmarkSettings.Builder settings) {
        BenchmarkResult result = benchmark(variant, settings).result().block(WAIT);
        assertThat(result).as("benchmark result").isNotNull();
        return result;
    }

    /** Asserts that the benchmark ended by itself, before its deadline. */
    static void assertEndedInTime(BenchmarkResult result) {
        assertThat(result.deadlineReached()).as("deadline reached").isFalse();
        assertThat(result.elapsed()).as("elapsed").isLessThan(DEADLINE);
    }

    /**
     * Asserts that every request the simulator received is in the result, that the failures
     * of each fault's cause equal the faults injected, and that no other failure occurred.
     */
    static void assertFailuresMatch(BenchmarkResult result, SimulatedServer server,
            Variant variant, Fault... faults) {
        Map<Fault, Long> injected = server.injectedFaults();
        long expectedFailures = 0;
        for (Fault fault : faults) {
            long count = injected.get(fault);
            assertThat(count).as("injected %s", fault.key()).isPositive();
            assertThat(failures(result, variant.cause(fault)))
                    .as("failures of cause %s for %s in %s", variant.cause(fault), fault.key(),
                            result.failures())
                    .isEqualTo(count);
            expectedFailures += count;
        }
        assertThat(result.failed()).as("failed requests, %s", result.failures())
                .isEqualTo(expectedFailures);
        assertThat(result.requests()).as("requests in the result")
                .isEqualTo(server.generationRequests());
    }

    /** Returns the failures whose key is the cause or starts with it and a colon. */
    static long failures(BenchmarkResult result, String cause) {
        return result.failures().entrySet().stream()
                .filter(entry -> entry.getKey().equals(cause)
                        || entry.getKey().startsWith(cause + ":"))
                .mapToLong(Map.Entry::getValue)
                .sum();
    }

    /** Asserts that each run's workload is that of its successful requests. */
    static void assertWorkloadOfSurvivors(BenchmarkResult result) {
        for (RunResult run : result.runs()) {
            assertThat(run.workload()).as("workload of run %d", run.index())
                    .isEqualTo((double) run.succeeded() * TOKENS);
        }
    }

    /**
     * Asserts that the throughput of each run is within {@link #BELOW} and {@link #ABOVE} of
     * the figure the batching model predicts for its surviving requests.
     */
    static void assertThroughputOfSurvivors(BenchmarkResult result, SimulatedServer server,
            Variant.SlotUse use) {
        for (RunResult run : result.runs()) {
            Expected expected = Expected.of(server, run, use);
            assertThat(run.throughput())
                    .as("throughput of run %d with %d of %d requests successful, expected %s",
                            run.index(), run.succeeded(), run.requests(), expected)
                    .isBetween(expected.low() * (1 - BELOW), expected.high() * (1 + ABOVE));
        }
        RunResult best = result.bestRun().orElseThrow();
        Expected expected = Expected.of(server, best, use);
        assertThat(result.value())
                .as("reported throughput, of run %d with %d of %d requests successful,"
                        + " expected %s", best.index(), best.succeeded(), best.requests(),
                        expected)
                .isBetween(expected.low() * (1 - BEST_BELOW), expected.high() * (1 + ABOVE));
    }

    /**
     * The throughput that the batching model predicts for the successful requests of a wave.
     *
     * @param low the lower bound in tokens/s
     * @param high the upper bound in tokens/s, equal to {@code low} where the model gives one
     *        figure
     */
    record Expected(double low, double high) {

        /**
         * Returns the prediction for a wave whose failed requests used their slots as given.
         * Requests that took no slot leave {@code s} survivors decoding alone, at
         * {@code analytic(s)}. Requests that held their slot to the end make the wave as long
         * as a full one, so the survivors get {@code analytic(c) * s / c}. Requests that left
         * part of the way give a figure between the two.
         */
        static Expected of(SimulatedServer server, RunResult run, Variant.SlotUse use) {
            int survivors = (int) run.succeeded();
            int concurrency = run.concurrency();
            if (survivors == 0) {
                return new Expected(0, 0);
            }
            double alone = server.analyticThroughput(survivors);
            double shared = server.analyticThroughput(concurrency) * survivors / concurrency;
            return switch (use) {
                case NONE -> new Expected(alone, alone);
                case WHOLE -> new Expected(shared, shared);
                case PART -> new Expected(shared, alone);
            };
        }

        /** Returns the middle of the range. */
        double middle() {
            return (low + high) / 2;
        }

        @Override
        public String toString() {
            return low == high
                    ? String.format(java.util.Locale.ROOT, "%.1f", low)
                    : String.format(java.util.Locale.ROOT, "%.1f to %.1f", low, high);
        }
    }
}
