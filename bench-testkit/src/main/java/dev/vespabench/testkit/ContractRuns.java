package dev.vespabench.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import dev.vespabench.api.Backend;
import dev.vespabench.core.Benchmark;
import dev.vespabench.core.BenchmarkEvent;
import dev.vespabench.core.BenchmarkResult;
import dev.vespabench.core.BenchmarkSettings;
import dev.vespabench.core.RequestResult;
import dev.vespabench.core.RunResult;
import dev.vespabench.sim.SimulatedServer;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/** Runs the benchmarks of {@link BackendContractTest} with bounded waits. */
final class ContractRuns {

    /** The benchmark deadline. A benchmark that reaches it has hung. */
    static final Duration DEADLINE = Duration.ofSeconds(30);

    /** The maximum wait for a result, past which the test fails instead of hanging. */
    static final Duration WAIT = DEADLINE.plusSeconds(10);

    // A request of the cancellation test on the slowed simulator takes 10 s or more.
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private ContractRuns() {
    }

    /** Runs fixed waves of {@link BackendContractTest#CONCURRENCY} requests. */
    static BenchmarkResult run(Backend backend, SimulatedServer server, int runs) {
        return run(backend, server, runs, request -> { });
    }

    /**
     * Runs fixed waves of {@link BackendContractTest#CONCURRENCY} requests and passes each
     * measured request to the listener, on the thread that finished it.
     */
    static BenchmarkResult run(Backend backend, SimulatedServer server, int runs,
            Consumer<RequestResult> listener) {
        Benchmark benchmark = Benchmark.builder(backend)
                .settings(settings(server, runs))
                .requestListener(listener)
                .build();
        BenchmarkResult result = benchmark.result().block(WAIT);
        assertThat(result).as("benchmark result").isNotNull();
        return result;
    }

    /**
     * Runs fixed waves and sends the stop signal {@code stopAfter} after the measurement
     * starts, storing the {@link System#nanoTime()} at which it was sent.
     */
    static BenchmarkResult runUntilStopped(Backend backend, SimulatedServer server,
            Duration stopAfter, AtomicLong stopNanos) {
        Sinks.Empty<Void> measuring = Sinks.empty();
        Mono<Long> stop = measuring.asMono()
                .then(Mono.delay(stopAfter))
                .doOnNext(tick -> stopNanos.set(System.nanoTime()));
        Benchmark benchmark = Benchmark.builder(backend)
                .settings(settings(server, BackendContractTest.RUNS))
                .stopSignal(stop)
                .build();

        BenchmarkResult result = benchmark.events()
                .doOnNext(event -> {
                    if (event instanceof BenchmarkEvent.PhaseStarted started
                            && started.phase() == BenchmarkEvent.Phase.MEASURE) {
                        measuring.tryEmitEmpty();
                    }
                })
                .ofType(BenchmarkEvent.Finished.class)
                .map(BenchmarkEvent.Finished::result)
                .blockLast(WAIT);
        assertThat(result).as("benchmark result").isNotNull();
        return result;
    }

    /** Returns the total workload of the runs. */
    static double workload(BenchmarkResult result) {
        return result.runs().stream().mapToDouble(RunResult::workload).sum();
    }

    /** Returns the failures whose cause is the given kind, with any label. */
    static long failures(BenchmarkResult result, String kind) {
        return result.failures().entrySet().stream()
                .filter(entry -> entry.getKey().equals(kind)
                        || entry.getKey().startsWith(kind + ":"))
                .mapToLong(Map.Entry::getValue)
                .sum();
    }

    /** Waits up to 5 s until the client has closed every connection to the server. */
    static void awaitNoConnections(SimulatedServer server) {
        long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
        while (server.openConnections() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        assertThat(server.openConnections()).as("connections open on the server").isZero();
    }

    private static BenchmarkSettings settings(SimulatedServer server, int runs) {
        return BenchmarkSettings.builder(server.baseUrl())
                .runs(runs)
                .concurrency(BackendContractTest.CONCURRENCY)
                .warmup(false)
                .requestTimeout(REQUEST_TIMEOUT)
                .connectTimeout(Duration.ofSeconds(2))
                .startupTimeout(Duration.ofSeconds(10))
                .healthInterval(Duration.ofMillis(50))
                .deadline(DEADLINE)
                .seed(1)
                .build();
    }
}
