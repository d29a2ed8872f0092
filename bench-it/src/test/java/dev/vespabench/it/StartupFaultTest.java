package dev.vespabench.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import dev.vespabench.core.BenchmarkResult;
import dev.vespabench.sim.Fault;
import dev.vespabench.sim.FaultConfig;
import dev.vespabench.sim.SimulatedServer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A start-up period in which the health path and every model route return 503. */
class StartupFaultTest {

    private static final Duration STARTUP = Duration.ofMillis(1_500);
    private static final Duration HEALTH_INTERVAL = Duration.ofMillis(100);

    @ParameterizedTest
    @EnumSource(names = {"OPENAI", "TGI_STREAM"})
    void healthWaitOutlastsStartup(Variant variant) {
        FaultConfig faults = FaultConfig.builder().startupPeriod(STARTUP).build();
        try (SimulatedServer server = FaultRun.start(faults)) {
            BenchmarkResult result = FaultRun.run(variant, FaultRun.settings(server)
                    .healthInterval(HEALTH_INTERVAL));

            long rejected = server.injectedFaults().get(Fault.STARTUP_UNAVAILABLE);
            FaultRun.assertEndedInTime(result);
            assertThat(result.measured()).as("measured").isTrue();
            assertThat(result.failures()).isEmpty();
            assertThat(result.requests()).isEqualTo(server.generationRequests());
            // Health polls only: one per interval at most, and never a model request.
            assertThat(rejected).isBetween(1L, STARTUP.dividedBy(HEALTH_INTERVAL) + 1);
            assertThat(result.elapsed()).isGreaterThan(STARTUP);
            FaultRun.assertWorkloadOfSurvivors(result);
            FaultRun.assertThroughputOfSurvivors(result, server, Variant.SlotUse.NONE);
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"CHAT", "TGI"})
    void startupTimeoutFallsBack(Variant variant) {
        FaultConfig faults = FaultConfig.builder().startupPeriod(Duration.ofSeconds(10)).build();
        try (SimulatedServer server = FaultRun.start(faults)) {
            BenchmarkResult result = FaultRun.run(variant, FaultRun.settings(server)
                    .healthInterval(HEALTH_INTERVAL).startupTimeout(Duration.ofSeconds(1)));

            assertThat(result.measured()).as("measured").isFalse();
            assertThat(result.deadlineReached()).isFalse();
            assertThat(result.elapsed()).isLessThan(Duration.ofSeconds(3));
            assertThat(result.reason()).contains("503", "within 1 s");
            assertThat(result.runs()).isEmpty();
            assertThat(server.generationRequests()).isZero();
        }
    }
}
