package dev.vespabench.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vespabench.core.BenchmarkResult;
import dev.vespabench.core.LatencySummary;
import dev.vespabench.core.ResultCache;
import dev.vespabench.core.RunResult;

/** Writes a benchmark result as a human summary or as one JSON document. */
final class ResultPrinter {

    /** The identifier of the JSON document's layout; it changes when fields change meaning. */
    static final String SCHEMA = "vespa-bench/result/v1";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT);

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

    static String cachedJson(ResultCache.Entry entry, String file) {
        ObjectNode root = JSON.createObjectNode();
        root.put("schema", SCHEMA);
        root.put("value", entry.value());
        root.put("status", "cached");
        root.put("reason", "");
        root.put("cached", true);
        root.put("cache_file", file);
        ObjectNode fingerprint = root.putObject("fingerprint");
        entry.fingerprint().forEach(fingerprint::put);
        return write(root);
    }

    static String json(BenchmarkResult result, String url, boolean cached) {
        ObjectNode root = JSON.createObjectNode();
        root.put("schema", SCHEMA);
        root.put("value", result.value());
        root.put("status", result.status().name().toLowerCase(Locale.ROOT));
        root.put("reason", result.reason());
        root.put("cached", cached);
        ObjectNode backend = root.putObject("backend");
        backend.put("name", result.backend().backend());
        backend.put("url", url);
        backend.put("model", result.backend().model());
        result.backend().maxConcurrentRequests()
                .ifPresent(limit -> backend.put("max_concurrent_requests", limit));
        ObjectNode settings = backend.putObject("settings");
        result.backend().settings().forEach(settings::put);
        root.put("strategy", result.strategy());
        ArrayNode runs = root.putArray("runs");
        for (RunResult run : result.runs()) {
            ObjectNode node = runs.addObject();
            node.put("index", run.index());
            node.put("concurrency", run.concurrency());
            node.put("requests", run.requests());
            node.put("succeeded", run.succeeded());
            node.put("failed", run.failed());
            node.put("workload", run.workload());
            node.put("duration_seconds", run.duration().toNanos() / 1e9);
            node.put("throughput", run.throughput());
            node.put("workload_estimated", run.workloadEstimated());
            ArrayNode sources = node.putArray("workload_sources");
            run.workloadSources().stream().map(s -> s.name().toLowerCase(Locale.ROOT)).sorted()
                    .forEach(sources::add);
            putCounts(node.putObject("failures"), run.failures());
            putLatency(node.putObject("latency_ms"), run.latency());
            putLatency(node.putObject("time_to_first_token_ms"), run.timeToFirstToken());
        }
        putCounts(root.putObject("failures"), result.failures());
        root.put("workload_estimated", result.workloadEstimated());
        root.put("deadline_reached", result.deadlineReached());
        ArrayNode notes = root.putArray("notes");
        result.notes().forEach(notes::add);
        root.put("elapsed_seconds", result.elapsed().toNanos() / 1e9);
        return write(root);
    }

    private static String write(ObjectNode root) {
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("result could not be written as JSON", e);
        }
    }

    static String format(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    private static void putCounts(ObjectNode node, Map<String, Long> counts) {
        counts.forEach(node::put);
    }

    private static void putLatency(ObjectNode node, LatencySummary latency) {
        node.put("count", latency.count());
        node.put("p50", latency.p50());
        node.put("p90", latency.p90());
        node.put("p95", latency.p95());
        node.put("p99", latency.p99());
        node.put("max", latency.max());
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
