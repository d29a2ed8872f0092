package dev.vespabench.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import dev.vespabench.api.WorkloadSource;
import dev.vespabench.core.BenchmarkResult;
import dev.vespabench.core.LatencySummary;
import dev.vespabench.core.ResultCache;
import dev.vespabench.core.RunResult;

/** Writes a benchmark result as a human summary; {@link ResultDocument} writes the JSON. */
final class ResultPrinter {

    private ResultPrinter() {
    }

    static void human(BenchmarkResult result, String url, PrintWriter out) {
        var info = result.backend();
        out.printf("backend   %s at %s%n", info.backend(), url);
        if (!info.model().isEmpty()) {
            out.printf("model     %s%n", info.model());
        }
        out.printf("strategy  %s%n", result.strategy());
        Optional<JobRate> jobs = JobRate.of(info);
        if (!result.runs().isEmpty()) {
            out.println();
            RunTable.print(result.runs(), result.selectedRun(), jobs, out);
        }
        out.println();
        result.bestRun().ifPresent(run -> describeRun(result, run, out));
        if (!result.failures().isEmpty()) {
            out.printf("failures  %s%n", describe(result.failures()));
        }
        if (result.cancelled() > 0) {
            out.printf("note      %d requests still in flight when measurement stopped were"
                    + " cancelled; they are not counted%n", result.cancelled());
        }
        result.notes().forEach(note -> out.printf("note      %s%n", note));
        if (result.workloadEstimated()) {
            out.println("note      the server reported no usage for some requests; their"
                    + " workload was estimated");
        }
        if (result.deadlineReached() && result.measured()) {
            out.println("note      the deadline stopped measurement; the figure comes from"
                    + " the runs that finished");
        }
        if (result.measured()) {
            RunResult run = result.bestRun().orElseThrow();
            out.printf(Locale.ROOT, "result    %.2f workload/s (run %d %s)%n", result.value(),
                    run.index(), run.arrivals()
                            .map(arrivals -> String.format(Locale.ROOT,
                                    "at %.2f arrivals/s", arrivals.rate()))
                            .orElse("at concurrency " + run.concurrency()));
        } else if (result.status() == BenchmarkResult.Status.PARTIAL
                && result.selectedRun().isPresent()) {
            out.printf(Locale.ROOT, "result    %.2f workload/s (PARTIAL, not cached: %s)%n",
                    result.value(), result.reason());
        } else if (result.status() == BenchmarkResult.Status.PARTIAL) {
            out.printf(Locale.ROOT, "result    %.1f (PARTIAL, not cached: %s)%n",
                    result.value(), result.reason());
        } else {
            out.printf(Locale.ROOT, "result    %.1f (FALLBACK: %s)%n", result.value(),
                    result.reason());
        }
        if (result.measured() && jobs.isPresent()) {
            RunResult run = result.bestRun().orElseThrow();
            out.printf(Locale.ROOT, "jobs      %.3f jobs/s (%s)%n",
                    jobs.get().jobsPerSecond(run), jobs.get().derivation());
        }
    }

    /** Prints how the run behind the figure was selected and its latency distributions. */
    private static void describeRun(BenchmarkResult result, RunResult run, PrintWriter out) {
        out.printf("selected  run %d: %s%n", run.index(), result.selection());
        if (result.measured() && run.unreliable()) {
            out.printf(Locale.ROOT, "warning   %.0f%% of the requests of run %d failed; the"
                    + " figure may not be what the server sustains%n", run.failureRate() * 100,
                    run.index());
        }
        percentiles("latency", run.latency(), out);
        percentiles("ttft", run.timeToFirstToken(), out);
        percentiles("itl", run.interTokenLatency(), out);
        percentiles("tpot", run.timePerOutputToken(), out);
        if (!run.workloadSources().isEmpty()) {
            out.printf("workload  %s%n", run.workloadSources().stream().sorted()
                    .map(ResultPrinter::describe).collect(Collectors.joining(", ")));
        }
        run.arrivals().ifPresent(arrivals -> out.printf(Locale.ROOT, "arrivals  %d at %.2f/s"
                + " (%s), %d dropped at %d in flight%n", arrivals.scheduled(), arrivals.rate(),
                arrivals.arrivals().name().toLowerCase(Locale.ROOT), arrivals.dropped(),
                arrivals.maxInFlight()));
    }

    private static void percentiles(String label, LatencySummary summary, PrintWriter out) {
        if (summary.count() == 0) {
            return;
        }
        out.printf(Locale.ROOT, "%-9s p50 %.1f  p90 %.1f  p95 %.1f  p99 %.1f  max %.1f ms"
                + " (%d %s)%n", label, summary.p50(), summary.p90(), summary.p95(),
                summary.p99(), summary.max(), summary.count(),
                summary.count() == 1 ? "sample" : "samples");
    }

    private static String describe(WorkloadSource source) {
        return switch (source) {
            case REPORTED -> "reported by the server";
            case COUNTED -> "counted from stream events (no usage reported)";
            case ESTIMATED -> "estimated (no usage reported)";
            case FIXED -> "a fixed cost per request";
        };
    }

    static void cached(ResultCache.Entry entry, String file, PrintWriter out) {
        if ("true".equals(entry.fingerprint().get("unreliable"))) {
            out.println("warning   more than 10% of the requests failed in the run this figure"
                    + " was measured on; pass --force to measure again");
        }
        if ("true".equals(entry.fingerprint().get("workload_estimated"))) {
            out.println("note      the server reported no usage for some requests when this"
                    + " figure was measured; their workload was estimated");
        }
        out.printf(Locale.ROOT, "result    %s workload/s (cached in %s; use --force to measure"
                + " again)%n", format(entry.value()), file);
    }

    static String format(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    private static String describe(Map<String, Long> failures) {
        StringBuilder text = new StringBuilder();
        failures.forEach((cause, count) -> {
            if (text.length() > 0) {
                text.append(", ");
            }
            text.append(cause).append(" x").append(count);
        });
        return text.toString();
    }
}
