package dev.vespabench.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vespabench.core.BenchmarkResult;
import dev.vespabench.sim.Fault;
import dev.vespabench.sim.FaultConfig;
import dev.vespabench.sim.SimulatedServer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** HTTP 500, 429 and 503 responses, which come before the request takes a slot. */
class ErrorStatusFaultTest {

    private static final FaultConfig FAULTS = FaultConfig.builder()
            .rate(Fault.SERVER_ERROR, 0.1)
            .rate(Fault.RATE_LIMITED, 0.1)
            .rate(Fault.UNAVAILABLE, 0.1)
            .build();

    @ParameterizedTest
    @EnumSource(names = {"OPENAI", "CHAT_STREAM", "TGI", "TGI_STREAM"})
    void errorStatusesAreCountedByCause(Variant variant) {
        try (SimulatedServer server = FaultRun.start(FAULTS)) {
            BenchmarkResult result = FaultRun.run(variant, FaultRun.settings(server));

            FaultRun.assertEndedInTime(result);
            assertThat(result.measured()).as("measured").isTrue();
            FaultRun.assertFailuresMatch(result, server, variant,
                    Fault.SERVER_ERROR, Fault.RATE_LIMITED, Fault.UNAVAILABLE);
            FaultRun.assertWorkloadOfSurvivors(result);
            FaultRun.assertThroughputOfSurvivors(result, server, Variant.SlotUse.NONE);
        }
    }
}
