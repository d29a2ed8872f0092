package dev.vespabench.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.vespabench.api.WorkloadSource;
import org.junit.jupiter.api.Test;

class SelectionTest {

    @Test
    void runWithManyFailuresIsSkipped() {
        RunResult steady = run(1, 10, 0, 100);
        RunResult failing = run(2, 10, 5, 400);

        Selection selection = Selection.maxThroughput(List.of(steady, failing));

        assertThat(selection.run()).hasValue(1);
        assertThat(selection.rule()).contains("skipping 1 run that failed more than 10% of its requests");
        assertThat(failing.unreliable()).isTrue();
        assertThat(steady.unreliable()).isFalse();
    }

    @Test
    void unreliableRunIsSelectedAsLastResort() {
        Selection selection = Selection.maxThroughput(
                List.of(run(1, 10, 5, 400), run(2, 10, 6, 300), run(3, 10, 10, 0)));

        assertThat(selection.run()).hasValue(1);
        assertThat(selection.value()).isEqualTo(400.0);
        assertThat(selection.rule()).isEqualTo("the highest throughput of 3 runs; every run"
                + " failed more than 10% of its requests, so the figure is unreliable");
    }

    @Test
    void withoutSuccessfulRunNothingIsSelected() {
        Selection selection = Selection.maxThroughput(List.of(run(1, 10, 10, 0)));

        assertThat(selection.run()).isEmpty();
        assertThat(selection.rule()).isEqualTo("no run had a successful request");
    }

    @Test
    void oneFailureInTenIsStillReliable() {
        Selection selection = Selection.maxThroughput(List.of(run(1, 10, 1, 90)));

        assertThat(selection.run()).hasValue(1);
        assertThat(selection.rule()).isEqualTo("the throughput of the only run");
    }

    @Test
    void portOutOfRangeIsRejected() {
        assertThatThrownBy(() -> BenchmarkSettings.normalizeBaseUrl("http://127.0.0.1:99999"))
                .hasMessageContaining("port 99999 is out of range");
    }

    private static RunResult run(int index, long requests, long failed, double workload) {
        Map<String, Long> failures = failed == 0 ? Map.of() : Map.of("http_status:500", failed);
        return new RunResult(index, 10, requests, requests - failed, workload,
                Duration.ofSeconds(1), failures, Set.of(WorkloadSource.REPORTED),
                LatencySummary.empty(), LatencySummary.empty());
    }
}
