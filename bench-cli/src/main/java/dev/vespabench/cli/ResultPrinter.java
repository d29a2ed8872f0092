package dev.vespabench.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;

import dev.vespabench.core.BenchmarkResult;
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
        if (!result.runs().isEmpty()) {
            out.println();
            RunTable.print(result.runs(), out);
        }
        out.println();
        if (!result.failures().isEmpty()) {
            out.printf("failures  %s%n", describe(result.failures()));
        }
        result.notes().forEach(note -> out.printf("note      %s%n", note));
        if (result.workloadEstimated()) {
            out.println("note      the server reported no usage for some requests; their"
                    + " workload is the requested amount (estimated)");
        }
        if (result.deadlineReached()) {
            out.println("note      the deadline stopped measurement; the figure comes from"
                    + " the runs that finished");
        }
        if (result.measured()) {
            int best = result.bestRun().map(RunResult::index).orElse(0);
            out.printf(Locale.ROOT, "result    %.2f workload/s (best of %d runs: run %d)%n",
                    result.value(), result.runs().size(), best);
        } else {
            out.printf(Locale.ROOT, "result    %.1f (FALLBACK: %s)%n", result.value(),
                    result.reason());
        }
    }

    static void cached(double value, String file, PrintWriter out) {
        out.printf(Locale.ROOT, "result    %s workload/s (cached in %s; use --force to measure"
                + " again)%n", format(value), file);
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
