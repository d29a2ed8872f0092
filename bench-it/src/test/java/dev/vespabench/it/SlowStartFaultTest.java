package dev.vespabench.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import dev.vespabench.core.BenchmarkResult;
import dev.vespabench.core.RunResult;
import dev.vespabench.sim.Fault;
import dev.vespabench.sim.FaultConfig;
import dev.vespabench.sim.SimulatedServer;
import org.junit.jupiter.api.Test;

/** The first requests after start-up wait while the server loads its model. */
class SlowStartFaultTest {

    private static final Duration DELAY = Duration.ofMillis(1_500);

    @Test
    void warmupAbsorbsSlowFirstRequest() {
        FaultConfig faults = FaultConfig.builder().slowStart(1, DELAY).build();
        try (SimulatedServer server = FaultRun.start(faults)) {
            BenchmarkResult result = FaultRun.run(Variant.OPENAI,
                    FaultRun.settings(server).warmup(true));

            FaultRun.assertEndedInTime(result);
            assertThat(result.measured()).as("measured").isTrue();
            assertThat(server.injectedFaults()).containsEntry(Fault.SLOW_START, 1L);
            assertThat(result.failures()).isEmpty();
            assertThat(result.notes()).noneMatch(note -> note.startsWith("warm-up"));
            assertThat(result.elapsed()).isGreaterThan(DELAY);
            FaultRun.assertWorkloadOfSurvivors(result);
            FaultRun.assertThroughputOfSurvivors(result, server, Variant.SlotUse.NONE);
        }
    }

    @Test
    void slowFirstWaveLosesToLaterRuns() {
        FaultConfig faults = FaultConfig.builder().slowStart(3, DELAY).build();
        try (SimulatedServer server = FaultRun.start(faults)) {
            BenchmarkResult result = FaultRun.run(Variant.CHAT_STREAM, FaultRun.settings(server));

            RunResult first = result.runs().get(0);
            FaultRun.assertEndedInTime(result);
            assertThat(result.measured()).as("measured").isTrue();
            assertThat(server.injectedFaults()).containsEntry(Fault.SLOW_START, 3L);
            assertThat(result.failures()).isEmpty();
            assertThat(first.duration()).isGreaterThan(DELAY);
            assertThat(result.bestRun().orElseThrow().index()).isNotEqualTo(1);
            // The slow wave is the only one far below the model, and it is not reported.
            assertThat(result.value()).isGreaterThan(first.throughput() * 2);
            assertThat(result.value()).isBetween(
                    server.analyticThroughput(10) * (1 - FaultRun.BEST_BELOW),
                    server.analyticThroughput(10) * (1 + FaultRun.ABOVE));
        }
    }

    @Test
    void warmupTimeoutIsNoted() {
        FaultConfig faults = FaultConfig.builder().slowStart(1, Duration.ofSeconds(3)).build();
        try (SimulatedServer server = FaultRun.start(faults)) {
            BenchmarkResult result = FaultRun.run(Variant.TGI, FaultRun.settings(server)
                    .warmup(true).requestTimeout(Duration.ofSeconds(1)));

            FaultRun.assertEndedInTime(result);
            assertThat(result.measured()).as("measured").isTrue();
            assertThat(server.injectedFaults()).containsEntry(Fault.SLOW_START, 1L);
            assertThat(result.notes()).anyMatch(note -> note.contains("warm-up request failed")
                    && note.contains("timeout"));
            assertThat(result.failures()).isEmpty();
            assertThat(result.requests()).isEqualTo(server.generationRequests() - 1);
            FaultRun.assertThroughputOfSurvivors(result, server, Variant.SlotUse.NONE);
        }
    }
}
