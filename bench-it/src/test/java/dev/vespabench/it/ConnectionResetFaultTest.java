package dev.vespabench.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vespabench.core.BenchmarkResult;
import dev.vespabench.sim.Fault;
import dev.vespabench.sim.FaultConfig;
import dev.vespabench.sim.SimulatedServer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A connection reset in the middle of a body or a stream. */
class ConnectionResetFaultTest {

    private static final FaultConfig FAULTS =
            FaultConfig.builder().rate(Fault.CONNECTION_RESET, 0.2).build();

    @ParameterizedTest
    @EnumSource(names = {"OPENAI", "CHAT_STREAM", "TGI", "TGI_STREAM"})
    void resetsAreConnectionFailures(Variant variant) {
        try (SimulatedServer server = FaultRun.start(FAULTS)) {
            BenchmarkResult result = FaultRun.run(variant, FaultRun.settings(server));

            FaultRun.assertEndedInTime(result);
            assertThat(result.measured()).as("measured").isTrue();
            FaultRun.assertFailuresMatch(result, server, variant, Fault.CONNECTION_RESET);
            FaultRun.assertWorkloadOfSurvivors(result);
            FaultRun.assertThroughputOfSurvivors(result, server,
                    variant.slotUse(Fault.CONNECTION_RESET));
        }
    }
}
