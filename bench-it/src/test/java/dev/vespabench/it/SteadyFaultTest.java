package dev.vespabench.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import dev.vespabench.core.Benchmark;
import dev.vespabench.core.BenchmarkResult;
import dev.vespabench.core.Strategies;
import dev.vespabench.sim.Fault;
import dev.vespabench.sim.FaultConfig;
import dev.vespabench.sim.SimulatedServer;
import org.junit.jupiter.api.Test;

/** Faults under the steady strategy, which keeps 10 requests in flight until windows agree. */
class SteadyFaultTest {

    @Test
    void steadyRunAccountsForEveryRequest() {
        FaultConfig faults = FaultConfig.builder().rate(Fault.SERVER_ERROR, 0.1).build();
        try (SimulatedServer server = FaultRun.start(faults)) {
            BenchmarkResult result = steady(server, Duration.ofSeconds(5));

            assertMeasuredAndAccounted(result, server);
            // A request whose error arrived while the in-flight requests were being cancelled
            // is counted as cancelled, so the 500s in the result may fall short by that much.
            long injected = server.injectedFaults().get(Fault.SERVER_ERROR);
            assertThat(FaultRun.failures(result, Variant.CHAT_STREAM.cause(Fault.SERVER_ERROR)))
                    .as("failures of cause http_status:500, %d cancelled", result.cancelled())
                    .isBetween(injected - result.cancelled(), injected);
        }
    }

    @Test
    void steadyRunCountsEveryHang() {
        FaultConfig faults = FaultConfig.builder().rate(Fault.HANG, 0.1).build();
        try (SimulatedServer server = FaultRun.start(faults)) {
            BenchmarkResult result = steady(server, Duration.ofSeconds(2));

            assertMeasuredAndAccounted(result, server);
            assertThat(FaultRun.failures(result, "timeout") + result.cancelled())
                    .as("timed-out and cancelled requests, %s", result.failures())
                    .isGreaterThanOrEqualTo(server.injectedFaults().get(Fault.HANG));
            OpenConnections.awaitNoHangs(server);
        }
    }

    /**
     * Asserts that the run ended in time with a measured figure, and that the server received
     * between the finished requests and the finished plus cancelled ones: a request cancelled
     * before its connection was ready never reached the server.
     */
    private static void assertMeasuredAndAccounted(BenchmarkResult result,
            SimulatedServer server) {
        FaultRun.assertEndedInTime(result);
        assertThat(result.measured()).as("measured").isTrue();
        assertThat(server.generationRequests())
                .as("requests the server received, %d finished and %d cancelled",
                        result.requests(), result.cancelled())
                .isBetween(result.requests(), result.requests() + result.cancelled());
    }

    private static BenchmarkResult steady(SimulatedServer server, Duration requestTimeout) {
        BenchmarkResult result = Benchmark.builder(Variant.CHAT_STREAM.backend(FaultRun.TOKENS))
                .settings(FaultRun.settings(server).requestTimeout(requestTimeout).build())
                .strategy(Strategies.steady(10))
                .build()
                .result()
                .block(FaultRun.WAIT);
        assertThat(result).as("benchmark result").isNotNull();
        return result;
    }
}
