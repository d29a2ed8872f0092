package dev.vespabench.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

import dev.vespabench.api.BackendInfo;
import dev.vespabench.core.LatencySummary;
import dev.vespabench.core.RunResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JobRateTest {

    // 3 of 4 jobs succeeded in 2 s, with a workload of 300 over those 2 s.
    private static final RunResult RUN = new RunResult(1, 4, 4, 3, 300.0, Duration.ofSeconds(2),
            Map.of("timeout", 1L), Set.of(), LatencySummary.empty(), LatencySummary.empty());

    @ParameterizedTest
    @CsvSource({
        // workload, workload_per_job, jobs/s
        "fixed, 100.0, 1.5",
        "fixed, 37.5, 4.0",
        "pixels-steps, 5242.88, 1.5",
        "fixed, not-a-number, 1.5",
        "fixed, 0.0, 1.5",
    })
    void jobsPerSecondFollowsWorkloadMode(String mode, String perJob, double expected) {
        BackendInfo backend = backend(Map.of("workload", mode, "workload_per_job", perJob));

        double jobs = JobRate.of(backend).orElseThrow().jobsPerSecond(RUN);

        assertThat(jobs).isCloseTo(expected, within(1e-9));
    }

    @Test
    void derivationNamesWorkloadPerJob() {
        JobRate fixed = JobRate.of(backend(Map.of("workload", "fixed",
                "workload_per_job", "100.0"))).orElseThrow();
        JobRate pixels = JobRate.of(backend(Map.of("workload", "pixels-steps",
                "workload_per_job", "5242.88"))).orElseThrow();

        assertThat(fixed.derivation()).isEqualTo("workload/s divided by 100.0 workload per job");
        assertThat(pixels.derivation())
                .isEqualTo("succeeded jobs divided by the run's duration");
    }

    @Test
    void tokenBackendHasNoJobRate() {
        assertThat(JobRate.of(backend(Map.of("max_tokens", "500")))).isEmpty();
    }

    @Test
    void runWithoutDurationHasNoJobs() {
        RunResult empty = new RunResult(1, 1, 0, 0, 0.0, Duration.ZERO, Map.of(), Set.of(),
                LatencySummary.empty(), LatencySummary.empty());
        JobRate pixels = JobRate.of(backend(Map.of("workload", "pixels-steps",
                "workload_per_job", "5242.88"))).orElseThrow();

        assertThat(pixels.jobsPerSecond(empty)).isZero();
    }

    private static BackendInfo backend(Map<String, String> settings) {
        return new BackendInfo("comfyui", "", OptionalInt.empty(), settings, List.of());
    }
}
