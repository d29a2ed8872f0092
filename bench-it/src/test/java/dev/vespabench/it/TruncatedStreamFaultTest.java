package dev.vespabench.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vespabench.core.BenchmarkResult;
import dev.vespabench.sim.Fault;
import dev.vespabench.sim.FaultConfig;
import dev.vespabench.sim.SimulatedServer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A stream that ends cleanly before its final event. */
class TruncatedStreamFaultTest {

    private static final FaultConfig FAULTS =
            FaultConfig.builder().rate(Fault.TRUNCATED_STREAM, 0.2).build();

    @ParameterizedTest
    @EnumSource(names = {"OPENAI_STREAM", "CHAT_STREAM", "TGI_STREAM"})
    void truncatedStreamIsCounted(Variant variant) {
        try (SimulatedServer server = FaultRun.start(FAULTS)) {
            BenchmarkResult result = FaultRun.run(variant, FaultRun.settings(server));

            FaultRun.assertEndedInTime(result);
            assertThat(result.measured()).as("measured").isTrue();
            FaultRun.assertFailuresMatch(result, server, variant, Fault.TRUNCATED_STREAM);
            FaultRun.assertWorkloadOfSurvivors(result);
            FaultRun.assertThroughputOfSurvivors(result, server,
                    variant.slotUse(Fault.TRUNCATED_STREAM));
        }
    }
}
