package dev.vespabench.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

import dev.vespabench.core.RunResult;
import dev.vespabench.core.WindowStatistics;

/**
 * The table of runs in the human summary. Each column is as wide as its widest cell, so large
 * figures never push the columns out of line. Runs with windows add the confidence half-width
 * of their figure, streamed runs add their token timings, and backends that charge per job add
 * the jobs per second. A capacity search's table is its curve of throughput and latency per
 * concurrency.
 */
final class RunTable {

    private static final List<String> HEADERS = List.of("run", "conc", "requests", "failed",
            "workload", "seconds", "workload/s", "p50 ms", "p95 ms");
    private static final String JOBS_HEADER = "jobs/s";
    private static final List<String> WINDOW_HEADERS = List.of("±95%");
    private static final List<String> STREAM_HEADERS = List.of("ttft p95", "itl p50",
            "tpot p50");
    private static final String GAP = "  ";

    private RunTable() {
    }

    static void print(List<RunResult> runs, PrintWriter out) {
        print(runs, OptionalInt.empty(), Optional.empty(), out);
    }

    /**
     * Prints the runs, marking the selected one with {@code *}.
     *
     * @param runs the runs
     * @param selected the index of the run the figure comes from, if any
     * @param jobs the job rate of a backend that charges per job, which adds a jobs/s column
     * @param out the writer
     */
    static void print(List<RunResult> runs, OptionalInt selected, Optional<JobRate> jobs,
            PrintWriter out) {
        boolean windows = runs.stream().anyMatch(run -> run.windows().isPresent());
        boolean streamed = runs.stream().anyMatch(run -> run.timeToFirstToken().count() > 0);
        List<String> headers = new ArrayList<>(HEADERS);
        if (jobs.isPresent()) {
            headers.add(headers.indexOf("workload/s") + 1, JOBS_HEADER);
        }
        if (windows) {
            headers.addAll(WINDOW_HEADERS);
        }
        if (streamed) {
            headers.addAll(STREAM_HEADERS);
        }
        List<List<String>> rows = new ArrayList<>();
        rows.add(headers);
        for (RunResult run : runs) {
            List<String> cells = cells(run, selected, windows, streamed);
            jobs.ifPresent(rate -> cells.add(headers.indexOf(JOBS_HEADER),
                    String.format(Locale.ROOT, "%.3f", rate.jobsPerSecond(run))));
            rows.add(cells);
        }
        int[] widths = new int[headers.size()];
        for (List<String> row : rows) {
            for (int column = 0; column < widths.length; column++) {
                widths[column] = Math.max(widths[column], row.get(column).length());
            }
        }

        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int column = 0; column < widths.length; column++) {
                if (column > 0) {
                    line.append(GAP);
                }
                String cell = row.get(column);
                line.append(" ".repeat(widths[column] - cell.length())).append(cell);
            }
            out.println(line);
        }
    }

    private static List<String> cells(RunResult run, OptionalInt selected, boolean windows,
            boolean streamed) {
        boolean chosen = selected.isPresent() && selected.getAsInt() == run.index();
        List<String> cells = new ArrayList<>(List.of(
                run.index() + (chosen ? "*" : ""),
                // An open-loop run has no fixed concurrency, only a bound on it.
                run.arrivals().isPresent() ? "-" : Integer.toString(run.concurrency()),
                Long.toString(run.requests()),
                Long.toString(run.failed()),
                String.format(Locale.ROOT, "%.1f", run.workload()),
                String.format(Locale.ROOT, "%.3f", run.duration().toNanos() / 1e9),
                String.format(Locale.ROOT, "%.2f", run.throughput()),
                String.format(Locale.ROOT, "%.1f", run.latency().p50()),
                String.format(Locale.ROOT, "%.1f", run.latency().p95())));
        if (windows) {
            cells.add(run.windows()
                    .filter(stats -> stats.count() > 0)
                    .map(WindowStatistics::formatHalfWidth)
                    .orElse("-"));
        }
        if (streamed) {
            cells.add(millis(run.timeToFirstToken().count(), run.timeToFirstToken().p95()));
            cells.add(millis(run.interTokenLatency().count(), run.interTokenLatency().p50()));
            cells.add(millis(run.timePerOutputToken().count(), run.timePerOutputToken().p50()));
        }
        return cells;
    }

    private static String millis(long count, double value) {
        return count == 0 ? "-" : String.format(Locale.ROOT, "%.1f", value);
    }
}
