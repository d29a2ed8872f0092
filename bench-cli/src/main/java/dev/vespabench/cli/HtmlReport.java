package dev.vespabench.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;

import dev.vespabench.core.BenchmarkResult;
import dev.vespabench.core.ResultCache;
import dev.vespabench.core.RunResult;

/**
 * A self-contained HTML page of a result: the figure, the settings, the runs, and charts drawn
 * as inline SVG. Its Content-Security-Policy allows no fetch at all, so opening it sends no
 * network request.
 */
final class HtmlReport {

    /** The policy in the page's meta tag: inline styles and nothing from anywhere. */
    static final String CONTENT_SECURITY_POLICY =
            "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

    private static final String STYLE = String.join("\n",
            "body{font-family:system-ui,sans-serif;margin:2em auto;max-width:60em;"
                    + "color:#212529;padding:0 1em}",
            "h1{font-size:1.5em}h2{font-size:1.15em;margin-top:2em}",
            "table{border-collapse:collapse;font-variant-numeric:tabular-nums}",
            "td,th{padding:.25em .5em;border-bottom:1px solid #dee2e6}",
            "th{text-align:left;white-space:nowrap}td.n,th.n{text-align:right}",
            "tr.chosen td{font-weight:bold;color:#d9480f}",
            ".figure{font-size:2em;font-weight:bold}.fallback{color:#c92a2a}",
            "svg{width:100%;max-width:640px;height:auto;display:block}");

    private HtmlReport() {
    }

    /**
     * Renders the report of a measured, fallback or partial result.
     *
     * @param result the result
     * @param context the URL and settings that produced it
     * @return the HTML page
     */
    static String render(BenchmarkResult result, ReportContext context) {
        StringBuilder page = head("vespa-bench: " + result.backend().backend());
        figure(page, result);
        summary(page, result, context);
        OptionalInt chosen = result.status() != BenchmarkResult.Status.FALLBACK
                ? result.selectedRun() : OptionalInt.empty();
        if (!result.runs().isEmpty()) {
            page.append("<h2>Throughput per run</h2>\n");
            page.append(throughputPerRun(result.runs(), chosen));
        }
        if (distinctConcurrencies(result.runs()) >= 2) {
            page.append("<h2>Throughput against concurrency</h2>\n");
            page.append(ConcurrencyCurves.throughput(result.runs(), chosen));
            page.append("<h2>Latency against concurrency</h2>\n");
            page.append(ConcurrencyCurves.latency(result.runs(), chosen));
        }
        if (!result.runs().isEmpty()) {
            runTable(page, result.runs(), chosen);
        }
        notes(page, result);
        return tail(page);
    }

    /**
     * Renders the report of a figure read from the cache file, which has no runs to chart.
     *
     * @param entry the cache entry
     * @param file the cache file
     * @return the HTML page
     */
    static String renderCached(ResultCache.Entry entry, String file) {
        StringBuilder page = head("vespa-bench: cached figure");
        page.append(String.format(Locale.ROOT, "<p class=\"figure\">%.2f workload/s</p>%n",
                entry.value()));
        page.append("<p>Read from the cache file ").append(Html.escape(file))
                .append(" without measuring, so there are no runs to chart. Run with --force to"
                        + " measure again.</p>\n");
        Map<String, String> rows = new TreeMap<>(entry.fingerprint());
        if (!rows.isEmpty()) {
            keyValues(page, rows);
        }
        return tail(page);
    }

    private static StringBuilder head(String title) {
        StringBuilder page = new StringBuilder();
        page.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        page.append("<meta http-equiv=\"Content-Security-Policy\" content=\"")
                .append(CONTENT_SECURITY_POLICY).append("\">\n");
        page.append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        page.append("<title>").append(Html.escape(title)).append("</title>\n");
        page.append("<style>\n").append(STYLE).append("\n</style>\n</head>\n<body>\n");
        page.append("<h1>").append(Html.escape(title)).append("</h1>\n");
        return page;
    }

    private static String tail(StringBuilder page) {
        return page.append("<footer><p>vespa-bench ").append(Html.escape(VespaBench.version()))
                .append("</p></footer>\n</body>\n</html>\n").toString();
    }

    private static void figure(StringBuilder page, BenchmarkResult result) {
        if (result.measured()) {
            page.append(String.format(Locale.ROOT, "<p class=\"figure\">%.2f workload/s</p>%n",
                    result.value()));
        } else if (result.status() == BenchmarkResult.Status.PARTIAL) {
            page.append(String.format(Locale.ROOT, "<p class=\"figure fallback\">%.2f"
                    + " (partial, not cached)</p>%n<p class=\"fallback\">%s</p>%n",
                    result.value(), Html.escape(result.reason())));
        } else {
            page.append(String.format(Locale.ROOT, "<p class=\"figure fallback\">%.1f"
                    + " (fallback)</p>%n<p class=\"fallback\">%s</p>%n", result.value(),
                    Html.escape(result.reason())));
        }
    }

    private static void summary(StringBuilder page, BenchmarkResult result,
            ReportContext context) {
        Map<String, String> rows = new java.util.LinkedHashMap<>();
        rows.put("backend", result.backend().backend());
        rows.put("URL", context.url());
        rows.put("model", result.backend().model());
        rows.put("strategy", result.strategy());
        rows.put("selection", result.selection());
        if (result.strategy().equals("fixed")) {
            rows.put("runs, concurrency", context.runs() + ", " + context.concurrency());
        }
        rows.put("elapsed", ProgressState.clockTime(result.elapsed()));
        rows.put("requests", result.requests() + " (" + result.failed() + " failed)");
        if (!result.failures().isEmpty()) {
            rows.put("failures", result.failures().toString());
        }
        keyValues(page, rows);
    }

    private static void keyValues(StringBuilder page, Map<String, String> rows) {
        page.append("<table class=\"summary\">\n");
        rows.forEach((key, value) -> page.append("<tr><th>").append(Html.escape(key))
                .append("</th><td>").append(Html.escape(value)).append("</td></tr>\n"));
        page.append("</table>\n");
    }

    private static String throughputPerRun(List<RunResult> runs, OptionalInt chosen) {
        List<SvgChart.Bar> bars = new ArrayList<>();
        for (RunResult run : runs) {
            boolean marked = chosen.isPresent() && chosen.getAsInt() == run.index();
            bars.add(new SvgChart.Bar(Integer.toString(run.index()), run.throughput(), marked));
        }
        return SvgChart.bars("Throughput of each run", "run", "workload/s", bars);
    }

    private static void runTable(StringBuilder page, List<RunResult> runs, OptionalInt chosen) {
        boolean streamed = runs.stream().anyMatch(run -> run.timeToFirstToken().count() > 0);
        List<String> headers = new ArrayList<>(List.of("run", "concurrency", "requests",
                "failed", "workload", "seconds", "workload/s", "p50 ms", "p95 ms"));
        if (streamed) {
            headers.add("TTFT p95 ms");
        }
        page.append("<h2>Runs</h2>\n<table class=\"runs\">\n<tr>");
        for (String header : headers) {
            page.append("<th class=\"n\">").append(Html.escape(header)).append("</th>");
        }
        page.append("</tr>\n");
        for (RunResult run : runs) {
            boolean marked = chosen.isPresent() && chosen.getAsInt() == run.index();
            List<String> cells = new ArrayList<>(List.of(Integer.toString(run.index()),
                    Integer.toString(run.concurrency()), Long.toString(run.requests()),
                    Long.toString(run.failed()), format("%.1f", run.workload()),
                    format("%.3f", run.duration().toNanos() / 1e9),
                    format("%.2f", run.throughput()), format("%.1f", run.latency().p50()),
                    format("%.1f", run.latency().p95())));
            if (streamed) {
                cells.add(run.timeToFirstToken().count() == 0 ? "-"
                        : format("%.1f", run.timeToFirstToken().p95()));
            }
            page.append(marked ? "<tr class=\"chosen\">" : "<tr>");
            for (String cell : cells) {
                page.append("<td class=\"n\">").append(cell).append("</td>");
            }
            page.append("</tr>\n");
        }
        page.append("</table>\n");
    }

    private static void notes(StringBuilder page, BenchmarkResult result) {
        List<String> notes = new ArrayList<>(result.notes());
        if (result.workloadEstimated()) {
            notes.add("the server reported no usage for some requests; their workload was"
                    + " estimated");
        }
        if (result.deadlineReached()) {
            notes.add("the deadline stopped measurement; the figure comes from the runs that"
                    + " finished");
        }
        if (notes.isEmpty()) {
            return;
        }
        page.append("<h2>Notes</h2>\n<ul>\n");
        notes.forEach(note -> page.append("<li>").append(Html.escape(note)).append("</li>\n"));
        page.append("</ul>\n");
    }

    private static long distinctConcurrencies(List<RunResult> runs) {
        return runs.stream().mapToInt(RunResult::concurrency).distinct().count();
    }

    private static String format(String pattern, double value) {
        return String.format(Locale.ROOT, pattern, value);
    }
}
