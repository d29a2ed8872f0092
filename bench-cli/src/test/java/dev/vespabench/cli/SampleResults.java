package dev.vespabench.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import dev.vespabench.api.BackendDefaults;
import dev.vespabench.api.BackendInfo;
import dev.vespabench.api.WorkloadSource;
import dev.vespabench.core.ArrivalStatistics;
import dev.vespabench.core.Arrivals;
import dev.vespabench.core.BenchmarkResult;
import dev.vespabench.core.BenchmarkSettings;
import dev.vespabench.core.FixedStrategy;
import dev.vespabench.core.LatencySummary;
import dev.vespabench.core.RunResult;
import dev.vespabench.core.WindowStatistics;

/** Results built by hand, for output tests that need shapes the simulator does not produce. */
final class SampleResults {

    static final String URL = "http://127.0.0.1:8000";

    private SampleResults() {
    }

    /**
     * Returns a capacity-like result: one steady run per concurrency from 1 to 64, with the
     * batching model's throughput {@code c * 1000 / (4 + 0.1 c)} and latency rising with
     * concurrency; the run at 32 is selected.
     */
    static BenchmarkResult capacitySearch() {
        List<RunResult> runs = new ArrayList<>();
        int index = 1;
        for (int concurrency = 1; concurrency <= 64; concurrency *= 2) {
            double throughput = concurrency * 1000 / (4 + 0.1 * concurrency);
            double latency = 500 * (4 + 0.1 * concurrency);
            LatencySummary summary = new LatencySummary(100, latency, latency * 1.1,
                    latency * 1.2, latency * 1.3, latency * 1.4);
            LatencySummary ttft = new LatencySummary(100, latency / 50, latency / 45,
                    latency / 40, latency / 35, latency / 30);
            WindowStatistics windows = new WindowStatistics(Duration.ofSeconds(2),
                    Duration.ofSeconds(4), 6, 5, throughput, throughput * 0.99,
                    throughput * 0.95, throughput * 1.03, throughput * 0.02,
                    WindowStatistics.Stop.CONVERGED, concurrency);
            runs.add(new RunResult(index++, concurrency, 100, 99, throughput * 16,
                    Duration.ofSeconds(16), Map.of("timeout", 1L),
                    Set.of(WorkloadSource.REPORTED), summary, ttft, ttft, ttft,
                    Optional.of(windows), Optional.empty()));
        }
        RunResult chosen = runs.get(5);
        return new BenchmarkResult(chosen.throughput(), BenchmarkResult.Status.MEASURED, "",
                info("tgi", "<b>model & co</b>"), "capacity", runs, Map.of("timeout", 7L),
                false, false, List.of("search stopped: throughput gained less than 5%"),
                Duration.ofSeconds(130), OptionalInt.of(chosen.index()),
                "the highest throughput within the objectives");
    }

    /** Returns an open-loop result of one run with arrival statistics. */
    static BenchmarkResult openLoop() {
        LatencySummary latency = new LatencySummary(50, 100, 110, 120, 130, 140);
        RunResult run = new RunResult(1, 64, 50, 50, 5_000, Duration.ofSeconds(10), Map.of(),
                Set.of(WorkloadSource.COUNTED, WorkloadSource.ESTIMATED), latency,
                LatencySummary.empty(), LatencySummary.empty(), LatencySummary.empty(),
                Optional.empty(),
                Optional.of(new ArrivalStatistics(5.0, Arrivals.POISSON, 52, 2, 64)));
        return new BenchmarkResult(run.throughput(), BenchmarkResult.Status.MEASURED, "",
                info("openai", "m"), "rate", List.of(run), Map.of(), true, true, List.of(),
                Duration.ofSeconds(12), OptionalInt.of(1), "the only run");
    }

    /** Returns a fallback result with failed runs. */
    static BenchmarkResult fallback() {
        RunResult run = new RunResult(1, 10, 10, 0, 0, Duration.ofSeconds(1),
                Map.of("http_status:503", 10L), Set.of(), LatencySummary.empty(),
                LatencySummary.empty());
        return new BenchmarkResult(BenchmarkResult.FALLBACK_VALUE,
                BenchmarkResult.Status.FALLBACK, "no run succeeded", info("openai", ""),
                "fixed", List.of(run), Map.of("http_status:503", 10L), false, false,
                List.of(), Duration.ofSeconds(3), OptionalInt.empty(), "no run succeeded");
    }

    static ReportContext context() {
        return new ReportContext(URL, BenchmarkSettings.builder(URL).build(),
                new BackendDefaults(8, 10, Duration.ofSeconds(300), true),
                new FixedStrategy(8, 10).settings());
    }

    private static BackendInfo info(String backend, String model) {
        return new BackendInfo(backend, model, OptionalInt.of(128),
                Map.of("max_tokens", "500"), List.of());
    }
}
