package dev.vespabench.cli;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vespabench.core.ArrivalStatistics;
import dev.vespabench.core.BenchmarkResult;
import dev.vespabench.core.BenchmarkSettings;
import dev.vespabench.core.LatencySummary;
import dev.vespabench.core.ResultCache;
import dev.vespabench.core.RunResult;
import dev.vespabench.core.WindowStatistics;

/**
 * The JSON document of a result, as {@code docs/result-schema.json} defines it and
 * {@code docs/json-output.md} explains. Field names are snake case, and each number's name
 * ends with its unit where it has one: {@code _seconds} or {@code _ms}.
 */
final class ResultDocument {

    /** The identifier of the document's layout; it changes when fields change meaning. */
    static final String SCHEMA = "vespa-bench/result/v1";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT);

    private ResultDocument() {
    }

    /**
     * Creates the document of a measured or fallback result.
     *
     * @param result the result
     * @param context the URL and settings that produced it
     * @return the document
     */
    static ObjectNode of(BenchmarkResult result, ReportContext context) {
        ObjectNode root = header(result.value(), result.status().name(), result.reason(),
                !result.measured(), result.status() == BenchmarkResult.Status.PARTIAL, false);
        ObjectNode backend = root.putObject("backend");
        backend.put("name", result.backend().backend());
        backend.put("url", context.url());
        backend.put("model", result.backend().model());
        result.backend().maxConcurrentRequests()
                .ifPresent(limit -> backend.put("max_concurrent_requests", limit));
        ObjectNode options = backend.putObject("settings");
        result.backend().settings().forEach(options::put);
        Optional<JobRate> jobs = JobRate.of(result.backend());
        if (result.measured() && jobs.isPresent()) {
            root.put("jobs_per_second",
                    jobs.get().jobsPerSecond(result.bestRun().orElseThrow()));
        }
        putSettings(root.putObject("settings"), result.strategy(), context);
        root.put("strategy", result.strategy());
        if (result.selectedRun().isPresent()) {
            root.put("selected_run", result.selectedRun().getAsInt());
        } else {
            root.putNull("selected_run");
        }
        root.put("selection", result.selection());
        ArrayNode runs = root.putArray("runs");
        result.runs().forEach(run -> putRun(runs.addObject(), run, jobs));
        putCounts(root.putObject("failures"), result.failures());
        root.put("workload_estimated", result.workloadEstimated());
        root.put("unreliable", result.unreliable());
        root.put("deadline_reached", result.deadlineReached());
        ArrayNode notes = root.putArray("notes");
        result.notes().forEach(notes::add);
        root.put("elapsed_seconds", result.elapsed().toNanos() / 1e9);
        return root;
    }

    /**
     * Creates the document of a figure read from the cache file instead of measured.
     *
     * @param entry the cache entry
     * @param file the cache file's path
     * @return the document
     */
    static ObjectNode cached(ResultCache.Entry entry, String file) {
        ObjectNode root = header(entry.value(), "cached", "", false, false, true);
        root.put("cache_file", file);
        ObjectNode fingerprint = root.putObject("fingerprint");
        entry.fingerprint().forEach(fingerprint::put);
        return root;
    }

    /**
     * Writes a document as indented JSON text.
     *
     * @param document the document
     * @return the text, without a final line break
     */
    static String text(ObjectNode document) {
        try {
            return JSON.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("result could not be written as JSON", e);
        }
    }

    private static ObjectNode header(double value, String status, String reason,
            boolean fallback, boolean partial, boolean cached) {
        ObjectNode root = JSON.createObjectNode();
        root.put("schema", SCHEMA);
        ObjectNode tool = root.putObject("tool");
        tool.put("name", "vespa-bench");
        tool.put("version", VespaBench.version());
        root.put("value", value);
        root.put("unit", "workload/s");
        root.put("status", status.toLowerCase(Locale.ROOT));
        root.put("reason", reason);
        root.put("fallback", fallback);
        root.put("partial", partial);
        root.put("cached", cached);
        return root;
    }

    private static void putSettings(ObjectNode node, String strategy, ReportContext context) {
        BenchmarkSettings settings = context.settings();
        node.put("strategy", strategy);
        node.put("runs", context.runs());
        node.put("concurrency", context.concurrency());
        node.put("request_timeout_seconds", context.requestTimeout().toNanos() / 1e9);
        node.put("connect_timeout_seconds", settings.connectTimeout().toNanos() / 1e9);
        node.put("startup_timeout_seconds", settings.startupTimeout().toNanos() / 1e9);
        node.put("deadline_seconds", settings.deadline().toNanos() / 1e9);
        node.put("warmup", context.warmup());
        node.put("seed", settings.seed());
        node.put("retries", settings.retries());
        node.put("insecure", settings.insecure());
        ObjectNode strategySettings = node.putObject("strategy_settings");
        context.strategySettings().forEach(strategySettings::put);
    }

    private static void putRun(ObjectNode node, RunResult run, Optional<JobRate> jobs) {
        node.put("index", run.index());
        node.put("concurrency", run.concurrency());
        node.put("requests", run.requests());
        node.put("succeeded", run.succeeded());
        node.put("failed", run.failed());
        node.put("unreliable", run.unreliable());
        node.put("workload", run.workload());
        node.put("duration_seconds", run.duration().toNanos() / 1e9);
        node.put("throughput", run.throughput());
        jobs.ifPresent(rate -> node.put("jobs_per_second", rate.jobsPerSecond(run)));
        node.put("workload_estimated", run.workloadEstimated());
        ArrayNode sources = node.putArray("workload_sources");
        run.workloadSources().stream().map(s -> s.name().toLowerCase(Locale.ROOT)).sorted()
                .forEach(sources::add);
        putCounts(node.putObject("failures"), run.failures());
        putLatency(node.putObject("latency_ms"), run.latency());
        putLatency(node.putObject("time_to_first_token_ms"), run.timeToFirstToken());
        putLatency(node.putObject("inter_token_latency_ms"), run.interTokenLatency());
        putLatency(node.putObject("time_per_output_token_ms"), run.timePerOutputToken());
        if (run.windows().isPresent()) {
            putWindows(node.putObject("windows"), run.windows().get());
        } else {
            node.putNull("windows");
        }
        if (run.arrivals().isPresent()) {
            putArrivals(node.putObject("arrivals"), run.arrivals().get());
        } else {
            node.putNull("arrivals");
        }
    }

    private static void putWindows(ObjectNode node, WindowStatistics windows) {
        node.put("window_seconds", windows.window().toNanos() / 1e9);
        node.put("ramp_seconds", windows.ramp().toNanos() / 1e9);
        node.put("final_windows", windows.finalWindows());
        node.put("count", windows.count());
        node.put("median", windows.median());
        node.put("mean", windows.mean());
        node.put("min", windows.min());
        node.put("max", windows.max());
        if (windows.halfWidthKnown()) {
            node.put("half_width", windows.halfWidth());
        } else {
            node.putNull("half_width");
        }
        node.put("stop", windows.stop().name().toLowerCase(Locale.ROOT));
        node.put("cancelled", windows.cancelled());
    }

    private static void putArrivals(ObjectNode node, ArrivalStatistics arrivals) {
        node.put("rate", arrivals.rate());
        node.put("process", arrivals.arrivals().name().toLowerCase(Locale.ROOT));
        node.put("scheduled", arrivals.scheduled());
        node.put("dropped", arrivals.dropped());
        node.put("max_in_flight", arrivals.maxInFlight());
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
}
