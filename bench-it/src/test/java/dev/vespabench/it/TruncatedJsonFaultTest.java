package dev.vespabench.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vespabench.core.BenchmarkResult;
import dev.vespabench.sim.Fault;
import dev.vespabench.sim.FaultConfig;
import dev.vespabench.sim.SimulatedServer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** HTTP 200 with JSON cut in half, in a whole body or in one stream event. */
class TruncatedJsonFaultTest {

    private static final FaultConfig FAULTS =
            FaultConfig.builder().rate(Fault.TRUNCATED_JSON, 0.2).build();

    @ParameterizedTest
    @EnumSource(names = {"CHAT", "OPENAI_STREAM", "TGI", "TGI_STREAM"})
    void truncatedJsonIsUnreadableBody(Variant variant) {
        try (SimulatedServer server = FaultRun.start(FAULTS)) {
            BenchmarkResult result = FaultRun.run(variant, FaultRun.settings(server));

            FaultRun.assertEndedInTime(result);
            assertThat(result.measured()).as("measured").isTrue();
            FaultRun.assertFailuresMatch(result, server, variant, Fault.TRUNCATED_JSON);
            FaultRun.assertWorkloadOfSurvivors(result);
            FaultRun.assertThroughputOfSurvivors(result, server,
                    variant.slotUse(Fault.TRUNCATED_JSON));
        }
    }
}
