package dev.vespabench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import dev.vespabench.api.BackendInfo;

import dev.vespabench.core.LatencySummary;
import dev.vespabench.core.RunResult;
import org.junit.jupiter.api.Test;

class RunTableTest {

    @Test
    void wideNumbersKeepColumnsAligned() {
        RunResult small = run(1, 10, 5_000, Duration.ofMillis(2_500), 2_519.0);
        RunResult wide = run(12, 4_096, 987_654_321.5, Duration.ofSeconds(12_345), 1_234_567.8);
        StringWriter text = new StringWriter();

        RunTable.print(List.of(small, wide), new PrintWriter(text, true));

        List<String> lines = text.toString().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).contains("run", "conc", "workload/s", "p95 ms");
        assertThat(lines.get(2)).contains("987654321.5", "80004.40", "1234567.8");
        assertThat(lines).allSatisfy(line -> assertThat(line).hasSize(lines.get(0).length()));
        // Headers such as "p50 ms" contain a space, so the header has a few more word ends.
        List<Integer> headerEnds = TableColumns.ends(lines.get(0));
        assertThat(TableColumns.ends(lines.get(1))).hasSize(9);
        assertThat(headerEnds).containsAll(TableColumns.ends(lines.get(1)));
        assertThat(headerEnds).containsAll(TableColumns.ends(lines.get(2)));
    }

    @Test
    void jobRateAddsColumnAfterWorkload() {
        RunResult run = run(1, 2, 400.0, Duration.ofSeconds(4), 3_900.0);
        JobRate jobs = JobRate.of(new BackendInfo("comfyui", "", OptionalInt.empty(),
                Map.of("workload", "fixed", "workload_per_job", "100.0"), List.of()))
                .orElseThrow();
        StringWriter text = new StringWriter();

        RunTable.print(List.of(run), OptionalInt.of(1), Optional.of(jobs),
                new PrintWriter(text, true));

        List<String> lines = text.toString().lines().toList();
        List<String> headers = List.of(lines.get(0).trim().split(" {2,}"));
        List<String> cells = List.of(lines.get(1).trim().split(" +"));
        assertThat(headers).containsSubsequence("workload/s", "jobs/s", "p50 ms");
        assertThat(cells).hasSize(headers.size());
        assertThat(cells.get(headers.indexOf("workload/s"))).isEqualTo("100.00");
        assertThat(cells.get(headers.indexOf("jobs/s"))).isEqualTo("1.000");
        assertThat(cells.get(0)).isEqualTo("1*");
    }

    private static RunResult run(int index, int concurrency, double workload, Duration duration,
            double latencyMillis) {
        LatencySummary latency = new LatencySummary(concurrency, latencyMillis, latencyMillis,
                latencyMillis, latencyMillis, latencyMillis);
        return new RunResult(index, concurrency, concurrency, concurrency, workload, duration,
                Map.of(), Set.of(), latency, LatencySummary.empty());
    }
}
