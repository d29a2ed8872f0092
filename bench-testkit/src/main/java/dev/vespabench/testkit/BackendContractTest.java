package dev.vespabench.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import dev.vespabench.api.Backend;
import dev.vespabench.api.FailureKind;
import dev.vespabench.core.BenchmarkResult;
import dev.vespabench.core.RequestResult;
import dev.vespabench.core.RunResult;
import dev.vespabench.sim.Fault;
import dev.vespabench.sim.FaultConfig;
import dev.vespabench.sim.ImageConfig;
import dev.vespabench.sim.SimulatedServer;
import dev.vespabench.sim.Simulator;
import dev.vespabench.sim.SimulatorConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The contract every backend keeps with the engine, as tests that run the backend through the
 * engine against a simulated server over real sockets on 127.0.0.1.
 *
 * <p>A backend's test class extends this class and supplies the backend, the settings of a
 * simulator that speaks its API, and whether it streams. It inherits these tests:
 * <ul>
 *   <li>Counting work: the workload of fixed runs equals the work the server did, and every
 *       request the server received is counted as a success or a failure.
 *   <li>Errors inside a stream: a stream that ends before its final event, has an event cut in
 *       half, is reset, or carries an error event, is counted as a failure of the right kind.
 *   <li>Cancellation: a stop signal ends a run promptly as {@code PARTIAL}, and the client
 *       leaves no connection open on the server.
 *   <li>Timing: a streamed request's first token falls within its latency and the token counts
 *       match the server's, while a whole response records no token timing.
 * </ul>
 * Tests that do not apply to the backend, such as stream faults for one that reads whole
 * responses, are skipped with a JUnit assumption.
 *
 * <p>The backend's options fix the size of each request, at least 10 tokens or one image job,
 * and the kit changes only the simulator: its faults, and its speed for the cancellation test.
 * Every test runs {@value #CONCURRENCY} requests at a time, without warm-up, and ends within a
 * bounded wait.
 */
public abstract class BackendContractTest {

    /** The requests in flight in every run of these tests. */
    public static final int CONCURRENCY = 4;

    /** The runs of the counting and fault tests. */
    static final int RUNS = 3;

    /** The share of requests that get the fault under test. */
    static final double FAULT_RATE = 0.3;

    // At one token per second a request of 10 tokens takes 10 s, and an image job 60 s. So a
    // stop signal 1.5 s into the run lands mid-run however slow the machine is, and a run that
    // ignored it would outlast STOP_LIMIT by far.
    private static final double SLOW_STEP_MILLIS = 1_000;
    private static final double SLOW_JOB_MILLIS = 60_000;
    private static final Duration STOP_AFTER = Duration.ofMillis(1_500);
    private static final Duration STOP_LIMIT = Duration.ofSeconds(5);

    /**
     * Creates the backend under test, as its provider creates it from the options a user sets.
     * The options fix the size of each request: at least 10 tokens, or one image job.
     *
     * @return a new backend
     */
    protected abstract Backend createBackend();

    /**
     * Returns the settings of a simulator that speaks the backend's API. The kit replaces their
     * faults and, for the cancellation test, their step and job times.
     *
     * @return the simulator settings
     */
    protected abstract SimulatorConfig simulator();

    /**
     * Returns whether the backend reads streamed responses, so that it records the time to the
     * first token.
     *
     * @return true for a streaming backend
     */
    protected abstract boolean streams();

    /**
     * Returns the requests the server received for the backend's work. The default is
     * {@link SimulatedServer#generationRequests()}, which counts the OpenAI and TGI routes.
     *
     * @param server the server after the run
     * @return the request count
     */
    protected long serverRequests(SimulatedServer server) {
        return server.generationRequests();
    }

    /**
     * Returns the work the server did, in the backend's workload units. The default is
     * {@link SimulatedServer#tokensProduced()}, for backends whose workload is generated tokens.
     *
     * @param server the server after the run
     * @return the workload
     */
    protected double serverWorkload(SimulatedServer server) {
        return server.tokensProduced();
    }

    /**
     * Returns a simulator that sends an error event inside some of {@value #CONCURRENCY}
     * concurrent streams, and the cause the backend must count those streams under. The default
     * is empty, for APIs in which the simulator sends no error events, and the test is skipped.
     *
     * @return the simulator and the failure cause, if the API has error events
     */
    protected Optional<ErrorEvents> errorEvents() {
        return Optional.empty();
    }

    @Test
    void fixedRunsCountServerWork() {
        try (SimulatedServer server = Simulator.start(simulator())) {
            List<RequestResult> requests = new CopyOnWriteArrayList<>();

            BenchmarkResult result =
                    ContractRuns.run(createBackend(), server, RUNS, requests::add);

            long succeeded = result.requests() - result.failed();
            assertThat(result.status()).as(result.reason())
                    .isEqualTo(BenchmarkResult.Status.MEASURED);
            assertThat(result.failures()).as("failures").isEmpty();
            assertThat(result.requests()).as("requests").isEqualTo((long) RUNS * CONCURRENCY);
            assertThat(requests).as("requests passed to the listener").hasSize(RUNS * CONCURRENCY);
            assertThat(succeeded + result.failed()).as("requests the server received")
                    .isEqualTo(serverRequests(server));
            assertThat(ContractRuns.workload(result)).as("workload")
                    .isPositive()
                    .isEqualTo(serverWorkload(server));
        }
    }

    @ParameterizedTest
    @EnumSource(value = Fault.class, names = {"TRUNCATED_STREAM", "TRUNCATED_JSON",
        "CONNECTION_RESET"})
    void streamFaultCountsAsFailure(Fault fault) {
        assumeTrue(streams(), "the backend reads whole responses");
        FailureKind kind = fault == Fault.CONNECTION_RESET
                ? FailureKind.CONNECTION : FailureKind.UNREADABLE_BODY;
        FaultConfig faults = FaultConfig.builder().rate(fault, FAULT_RATE).build();
        try (SimulatedServer server =
                Simulator.start(simulator().toBuilder().faults(faults).build())) {

            BenchmarkResult result = ContractRuns.run(createBackend(), server, RUNS);

            long injected = server.injectedFaults().get(fault);
            assertThat(injected).as("faults injected").isPositive();
            assertThat(ContractRuns.failures(result, kind.key()))
                    .as("failures of kind %s in %s", kind.key(), result.failures())
                    .isEqualTo(injected);
            assertThat(result.failed()).as("failed requests in %s", result.failures())
                    .isEqualTo(injected);
            assertThat(result.requests()).as("requests the server received")
                    .isEqualTo(serverRequests(server));
            // The tokens that cut streams carried are no completed work.
            assertThat(ContractRuns.workload(result)).as("workload")
                    .isLessThan(serverWorkload(server));
        }
    }

    @Test
    void errorEventCountsAsFailure() {
        Optional<ErrorEvents> errorEvents = errorEvents();
        assumeTrue(errorEvents.isPresent(), "the test supplies no simulator with error events");
        String cause = errorEvents.get().cause();
        try (SimulatedServer server = Simulator.start(errorEvents.get().simulator())) {

            BenchmarkResult result = ContractRuns.run(createBackend(), server, RUNS);

            long succeeded = result.requests() - result.failed();
            assertThat(result.failures().getOrDefault(cause, 0L))
                    .as("failures of cause %s in %s", cause, result.failures())
                    .isPositive()
                    .isEqualTo(result.failed());
            assertThat(succeeded + result.failed()).as("requests the server received")
                    .isEqualTo(serverRequests(server));
            // A stream rejected with an error event generated nothing, so it adds no workload.
            assertThat(ContractRuns.workload(result)).as("workload")
                    .isEqualTo(serverWorkload(server));
        }
    }

    @Test
    void stopSignalEndsRunPromptly() {
        SimulatorConfig config = simulator();
        SimulatorConfig slow = config.toBuilder()
                .baseStepMillis(SLOW_STEP_MILLIS)
                .images(new ImageConfig(config.images().workers(), SLOW_JOB_MILLIS, false))
                .build();
        try (SimulatedServer server = Simulator.start(slow)) {
            AtomicLong stopNanos = new AtomicLong();

            BenchmarkResult result =
                    ContractRuns.runUntilStopped(createBackend(), server, STOP_AFTER, stopNanos);

            Duration stopToResult = Duration.ofNanos(System.nanoTime() - stopNanos.get());
            assertThat(stopNanos.get()).as("stop signal sent before the result").isNotZero();
            assertThat(result.status()).as(result.reason())
                    .isEqualTo(BenchmarkResult.Status.PARTIAL);
            assertThat(result.runs()).as("finished runs").isEmpty();
            assertThat(result.deadlineReached()).as("deadline reached").isFalse();
            assertThat(stopToResult).as("time from the stop signal to the result")
                    .isLessThan(STOP_LIMIT);
            ContractRuns.awaitNoConnections(server);
        }
    }

    @Test
    void streamRecordsTokenTiming() {
        assumeTrue(streams(), "the backend reads whole responses");
        try (SimulatedServer server = Simulator.start(simulator())) {
            List<RequestResult> requests = new CopyOnWriteArrayList<>();

            BenchmarkResult result = ContractRuns.run(createBackend(), server, 1, requests::add);

            assertThat(result.runs()).as("runs").hasSize(1);
            RunResult run = result.runs().get(0);
            long tokens = requests.stream().mapToLong(RequestResult::streamedTokens).sum();
            assertThat(run.succeeded()).as("succeeded, failures %s", run.failures())
                    .isEqualTo(CONCURRENCY);
            for (RequestResult request : requests) {
                assertThat(request.firstTokenNanos()).as("first token of request %d",
                        request.sequence())
                        .isBetween(request.startNanos(), request.endNanos());
                assertThat(request.streamedTokens()).as("tokens of request %d",
                        request.sequence()).isPositive();
            }
            assertThat(tokens).as("tokens counted from the streams")
                    .isEqualTo(server.tokensProduced());
            assertThat(run.timeToFirstToken().count()).as("time to first token samples")
                    .isEqualTo(CONCURRENCY);
            assertThat(run.timeToFirstToken().p50()).as("median time to first token")
                    .isLessThanOrEqualTo(run.latency().p50());
            assertThat(run.timeToFirstToken().max()).as("maximum time to first token")
                    .isLessThanOrEqualTo(run.latency().max());
            // Each stream of n token events has n - 1 gaps between them.
            assertThat(run.interTokenLatency().count()).as("inter-token latency samples")
                    .isEqualTo(tokens - CONCURRENCY);
            assertThat(run.timePerOutputToken().count()).as("time per output token samples")
                    .isEqualTo(CONCURRENCY);
        }
    }

    @Test
    void wholeResponseRecordsNoTokenTiming() {
        assumeFalse(streams(), "the backend reads streams");
        try (SimulatedServer server = Simulator.start(simulator())) {
            List<RequestResult> requests = new CopyOnWriteArrayList<>();

            BenchmarkResult result = ContractRuns.run(createBackend(), server, 1, requests::add);

            assertThat(result.runs()).as("runs").hasSize(1);
            RunResult run = result.runs().get(0);
            assertThat(run.succeeded()).as("succeeded, failures %s", run.failures())
                    .isEqualTo(CONCURRENCY);
            for (RequestResult request : requests) {
                assertThat(request.timeToFirstTokenNanos()).as("time to first token of request"
                        + " %d", request.sequence()).isEqualTo(-1);
                assertThat(request.streamedTokens()).as("tokens of request %d",
                        request.sequence()).isZero();
            }
            assertThat(run.latency().count()).as("latency samples").isEqualTo(CONCURRENCY);
            assertThat(run.timeToFirstToken().count()).as("time to first token samples")
                    .isZero();
            assertThat(run.interTokenLatency().count()).as("inter-token latency samples")
                    .isZero();
            assertThat(run.timePerOutputToken().count()).as("time per output token samples")
                    .isZero();
        }
    }

    /**
     * A simulator that sends an error event inside some streams, such as TGI's
     * {@code overloaded} event past {@code max_concurrent_requests}, and the failure cause the
     * backend must count those streams under.
     *
     * @param simulator the simulator settings
     * @param cause the cause, a key of {@link BenchmarkResult#failures()} such as
     *        {@code backend_error:overloaded}
     */
    public record ErrorEvents(SimulatorConfig simulator, String cause) {

        /** Creates the case, checking that neither part is null. */
        public ErrorEvents {
            Objects.requireNonNull(simulator, "simulator");
            Objects.requireNonNull(cause, "cause");
        }
    }
}
