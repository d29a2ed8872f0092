package dev.vespabench.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.vespabench.core.RunResult;

/**
 * The table of runs in the human summary. Each column is as wide as its widest cell, so large
 * figures never push the columns out of line.
 */
final class RunTable {

    private static final List<String> HEADERS = List.of("run", "conc", "requests", "failed",
            "workload", "seconds", "workload/s", "p50 ms", "p95 ms");
    private static final String GAP = "  ";

    private RunTable() {
    }

    static void print(List<RunResult> runs, PrintWriter out) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(HEADERS);
        for (RunResult run : runs) {
            rows.add(cells(run));
        }
        int[] widths = new int[HEADERS.size()];
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

    private static List<String> cells(RunResult run) {
        return List.of(
                Integer.toString(run.index()),
                Integer.toString(run.concurrency()),
                Long.toString(run.requests()),
                Long.toString(run.failed()),
                String.format(Locale.ROOT, "%.1f", run.workload()),
                String.format(Locale.ROOT, "%.3f", run.duration().toNanos() / 1e9),
                String.format(Locale.ROOT, "%.2f", run.throughput()),
                String.format(Locale.ROOT, "%.1f", run.latency().p50()),
                String.format(Locale.ROOT, "%.1f", run.latency().p95()));
    }
}
