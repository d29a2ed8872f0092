package dev.vespabench.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.vespabench.core.BenchmarkEvent;
import dev.vespabench.core.BenchmarkResult;
import dev.vespabench.core.RunResult;
import dev.vespabench.sim.Fault;
import dev.vespabench.sim.FaultConfig;
import dev.vespabench.sim.SimulatedServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Requests that get no response until the client gives up. */
class HangFaultTest {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(1);
    private static final FaultConfig FAULTS =
            FaultConfig.builder().rate(Fault.HANG, 0.1).seed(4).build();

    @ParameterizedTest
    @EnumSource(names = {"OPENAI", "CHAT_STREAM", "TGI_STREAM"})
    void hungRequestsTimeOutAndClose(Variant variant) {
        try (SimulatedServer server = FaultRun.start(FAULTS)) {
            // The hung connections still open as each run ends: a request that timed out in
            // an earlier run must have had its connection closed by then.
            List<Integer> openHangs = new CopyOnWriteArrayList<>();
            BenchmarkResult result = FaultRun.benchmark(variant, FaultRun.settings(server)
                            .runs(4).requestTimeout(REQUEST_TIMEOUT))
                    .events()
                    .doOnNext(event -> {
                        if (event instanceof BenchmarkEvent.RunFinished) {
                            openHangs.add(server.openHangs());
                        }
                    })
                    .ofType(BenchmarkEvent.Finished.class)
                    .map(BenchmarkEvent.Finished::result)
                    .blockLast(FaultRun.WAIT);

            assertThat(result).isNotNull();
            FaultRun.assertEndedInTime(result);
            assertThat(result.measured()).as("measured").isTrue();
            FaultRun.assertFailuresMatch(result, server, variant, Fault.HANG);
            FaultRun.assertWorkloadOfSurvivors(result);
            for (RunResult run : result.runs()) {
                long hung = run.failures().getOrDefault("timeout", 0L);
                assertThat(openHangs.get(run.index() - 1))
                        .as("hung connections open as run %d ends", run.index())
                        .isLessThanOrEqualTo((int) hung);
                if (hung > 0) {
                    // The wave waits for its hung requests to time out, and no longer.
                    assertThat(run.duration()).as("duration of run %d", run.index())
                            .isBetween(REQUEST_TIMEOUT, REQUEST_TIMEOUT.plusMillis(500));
                } else {
                    FaultRun.Expected expected =
                            FaultRun.Expected.of(server, run, Variant.SlotUse.NONE);
                    assertThat(run.throughput()).as("throughput of run %d", run.index())
                            .isBetween(expected.low() * (1 - FaultRun.BELOW),
                                    expected.high() * (1 + FaultRun.ABOVE));
                }
            }
            OpenConnections.awaitNoHangs(server);
        }
    }

    @Test
    void deadlineStopsRunStuckOnHang() {
        FaultConfig faults = FaultConfig.builder().rate(Fault.HANG, 0.3).build();
        Duration deadline = Duration.ofSeconds(2);
        try (SimulatedServer server = FaultRun.start(faults)) {
            BenchmarkResult result = FaultRun.run(Variant.OPENAI, FaultRun.settings(server)
                    .requestTimeout(Duration.ofSeconds(60)).deadline(deadline));

            assertThat(result.deadlineReached()).as("deadline reached").isTrue();
            assertThat(result.elapsed()).isBetween(deadline, deadline.plusSeconds(1));
            assertThat(result.measured()).as("measured").isFalse();
            assertThat(result.reason()).contains("deadline");
            assertThat(server.injectedFaults().get(Fault.HANG)).isPositive();
            OpenConnections.awaitNoHangs(server);
        }
    }
}
