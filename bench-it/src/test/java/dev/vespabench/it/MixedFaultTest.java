package dev.vespabench.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import dev.vespabench.core.BenchmarkResult;
import dev.vespabench.sim.Fault;
import dev.vespabench.sim.FaultConfig;
import dev.vespabench.sim.SimulatedServer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every per-request fault at once, each counted under its own cause. */
class MixedFaultTest {

    @ParameterizedTest
    @EnumSource(names = {"CHAT_STREAM", "TGI_STREAM"})
    void everyFaultIsCountedByCause(Variant variant) {
        FaultConfig.Builder faults = FaultConfig.builder().seed(2);
        for (Fault fault : Fault.perRequestFaults()) {
            faults.rate(fault, 0.05);
        }
        try (SimulatedServer server = FaultRun.start(faults.build())) {
            BenchmarkResult result = FaultRun.run(variant, FaultRun.settings(server)
                    .runs(6).requestTimeout(Duration.ofSeconds(1)));

            FaultRun.assertEndedInTime(result);
            assertThat(result.measured()).as("measured").isTrue();
            FaultRun.assertFailuresMatch(result, server, variant,
                    Fault.perRequestFaults().toArray(Fault[]::new));
            FaultRun.assertWorkloadOfSurvivors(result);
            OpenConnections.awaitNoHangs(server);
        }
    }
}
