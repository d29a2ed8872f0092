package dev.vespabench.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import dev.vespabench.core.Benchmark;
import dev.vespabench.core.BenchmarkResult;
import dev.vespabench.core.Strategies;
import dev.vespabench.sim.Fault;
import dev.vespabench.sim.FaultConfig;
import dev.vespabench.sim.SimulatedServer;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/** Faults under the steady strategy, which keeps 10 requests in flight until windows agree. */
class SteadyFaultTest {

    @Disabled("engine: a steady level cancels the requests in flight when its windows converge"
            + " and leaves them out of the result, so requests that the server received are"
            + " missing from it: 89 received, 80 in the result")
    @Test
    void steadyRunAccountsForEveryRequest() {
        FaultConfig faults = FaultConfig.builder().rate(Fault.SERVER_ERROR, 0.1).build();
        try (SimulatedServer server = FaultRun.start(faults)) {
            BenchmarkResult result = steady(server, Duration.ofSeconds(5));

            FaultRun.assertEndedInTime(result);
            assertThat(result.measured()).as("measured").isTrue();
            assertThat(result.requests()).as("requests in the result")
                    .isEqualTo(server.generationRequests());
            assertThat(FaultRun.failures(result, Variant.CHAT_STREAM.cause(Fault.SERVER_ERROR)))
                    .as("failures of cause http_status:500")
                    .isEqualTo(server.injectedFaults().get(Fault.SERVER_ERROR));
        }
    }

    @Disabled("engine: a hung request still in flight when a steady level converges is"
            + " cancelled and counted neither as a timeout nor as cancelled. It passes only when"
            + " the windows never converge; a capacity search with 12 hangs injected reported"
            + " 6 timeouts")
    @Test
    void steadyRunCountsEveryHang() {
        FaultConfig faults = FaultConfig.builder().rate(Fault.HANG, 0.1).build();
        try (SimulatedServer server = FaultRun.start(faults)) {
            BenchmarkResult result = steady(server, Duration.ofSeconds(2));

            FaultRun.assertEndedInTime(result);
            assertThat(result.measured()).as("measured").isTrue();
            assertThat(result.requests()).as("requests in the result")
                    .isEqualTo(server.generationRequests());
            assertThat(FaultRun.failures(result, "timeout")
                    + FaultRun.failures(result, "cancelled"))
                    .as("timed-out and cancelled requests, %s", result.failures())
                    .isGreaterThanOrEqualTo(server.injectedFaults().get(Fault.HANG));
            OpenConnections.awaitNoHangs(server);
        }
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
