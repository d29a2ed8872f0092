package dev.vespabench.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import dev.vespabench.api.Backend;
import dev.vespabench.api.BackendOptions;
import dev.vespabench.api.BackendProvider;
import dev.vespabench.core.Backends;
import dev.vespabench.core.Benchmark;
import dev.vespabench.core.BenchmarkResult;
import dev.vespabench.core.BenchmarkSettings;
import dev.vespabench.core.LoadStrategy;
import dev.vespabench.core.ResultCache;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code run} subcommand: benchmarks a real backend and caches the figure. */
@Command(name = "run", sortOptions = false, mixinStandardHelpOptions = true,
        versionProvider = VespaBench.Version.class,
        description = {
                "Benchmarks the backend at a URL and prints its throughput.",
                "A measured figure is written to the cache file; a later run prints the cached"
                        + " figure instead of measuring, until --force or the file is deleted.",
                "Environment defaults: VESPA_BENCHMARK (backend), VESPA_BACKEND_URL (--url),"
                        + " MODEL_NAME (--model), VESPA_BENCHMARK_CACHE_FILE (--cache-file),"
                        + " VESPA_API_KEY (bearer token)."},
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {ExitCodes.MEASURED_HELP, ExitCodes.FALLBACK_HELP, ExitCodes.USAGE_HELP,
                ExitCodes.ERROR_HELP, ExitCodes.PARTIAL_HELP, ExitCodes.SIGNAL_HELP})
final class RunCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger("dev.vespabench.cli");

    @ParentCommand
    VespaBench root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "BACKEND",
            completionCandidates = CompletionCandidates.BackendNames.class,
            description = "Backend name from 'vespa-bench list' (openai, openai-chat, ...), or an"
                    + " old VESPA_BENCHMARK value such as benchmarks.openai:benchmark."
                    + " Default: $VESPA_BENCHMARK.")
    @Nullable String backendName;

    @Option(names = {"-u", "--url"}, paramLabel = "URL",
            description = "Base URL of the backend, such as http://127.0.0.1:8000."
                    + " Default: $VESPA_BACKEND_URL.")
    @Nullable String url;

    @Option(names = {"-m", "--model"}, paramLabel = "NAME",
            description = "Model name to request. Default: $MODEL_NAME, else the first model the"
                    + " server lists.")
    @Nullable String model;

    @Mixin
    BackendOptionArgs backendOptions;

    @Option(names = "--api-key-file", paramLabel = "FILE",
            description = "File whose first line is the API key sent as a bearer token: one"
                    + " word of printable ASCII characters. Without it, the key is taken from"
                    + " $VESPA_API_KEY, which holds the key itself. The key is never logged or"
                    + " written.")
    @Nullable Path apiKeyFile;

    @Option(names = "--cache-file", paramLabel = "FILE",
            description = "Result cache file. Default: $VESPA_BENCHMARK_CACHE_FILE, else"
                    + " .has_benchmark in the working directory.")
    @Nullable Path cacheFile;

    @Option(names = "--force", description = "Measure even when the cache file holds a figure.")
    boolean force;

    @Option(names = "--no-cache", description = "Neither read nor write the cache file.")
    boolean noCache;

    @Mixin
    MeasureOptions measure;

    @Mixin
    StrategyOptions strategy;

    @Mixin
    OutputOptions output;

    @Mixin
    LoggingOptions logging;

    @Override
    public Integer call() {
        logging.apply();
        Map<String, String> env = root.environment();
        BackendProvider provider = provider(env);
        String baseUrl = BenchmarkSettings.normalizeBaseUrl(required(url, env, "VESPA_BACKEND_URL",
                "no backend URL: pass --url such as http://127.0.0.1:8000, or set"
                        + " VESPA_BACKEND_URL"));
        Map<String, String> options = backendOptions.values();
        Map<String, String> values = new LinkedHashMap<>(options);
        if (model != null && model.isBlank()) {
            throw new UsageException("invalid --model '" + model + "': the name is empty; name"
                    + " a model, or leave out --model to use the server's first model");
        }
        if (model != null) {
            String option = values.put("model", model);
            if (option != null) {
                throw new UsageException("--model " + model + " and -o model=" + option
                        + " both set the model; pass one");
            }
        }
        Backend backend = provider.create(new BackendOptions(values, env));
        checkUrlPath(baseUrl, provider.name(), backend);
        BenchmarkSettings.Builder settings = measure.apply(BenchmarkSettings.builder(baseUrl));
        ApiKeys.read(apiKeyFile, env).ifPresent(key -> {
            Secrets.register(key);
            settings.header("Authorization", "Bearer " + key);
        });
        int runs = measure.runs != null ? measure.runs : backend.defaults().runs();
        int concurrency = measure.concurrency != null ? measure.concurrency
                : backend.defaults().concurrency();
        BenchmarkSettings built = settings.build();
        LoadStrategy load = strategy.create(runs, concurrency, built.seed());
        strategy.rejectUnused(measure.runs, measure.concurrency);
        strategy.rejectTtftWithoutStream(provider.name(), backend.info().settings());
        strategy.checkOpenFiles(load, concurrency, 1);
        output.check(noCache ? null : cachePath(env));
        PrintWriter out = spec.commandLine().getOut();
        // The handlers are installed before the cache lock is taken, so that a signal while
        // waiting for the lock is reported too.
        try (SignalStop stop = root.installSignalStop(spec.commandLine().getErr())) {
            if (noCache) {
                return measure(backend, built, load, baseUrl, null, Map.of(), out, stop);
            }
            ResultCache cache = ResultCache.at(cachePath(env));
            Map<String, String> fingerprint = CacheFingerprint.of(provider.name(), baseUrl,
                    requestedModel(env), load, options, backend.info().settings(),
                    built.retries());
            try (ResultCache.Lock lock = lock(cache)) {
                // Read even with --force, so that a path that cannot hold the cache is reported
                // before measuring rather than after.
                Optional<ResultCache.Entry> cached = readCache(cache);
                if (!force && reuseCached(cached, cache, fingerprint, out)) {
                    return ExitCodes.MEASURED;
                }
                return measure(backend, built, load, baseUrl, cache, fingerprint, out, stop);
            }
        }
    }

    private int measure(Backend backend, BenchmarkSettings settings, LoadStrategy load,
            String baseUrl, @Nullable ResultCache cache, Map<String, String> fingerprint,
            PrintWriter out, SignalStop stop) {
        ReportContext context = new ReportContext(baseUrl, settings, backend.defaults(),
                load.settings());
        Progress progress = Progress.open(root, logging.quiet, settings.deadline(),
                strategy.plannedRuns(context.runs()));
        stop.measuring();
        BenchmarkResult result = BenchmarkRunner.run(Benchmark.builder(backend)
                .settings(settings).strategy(load).stopSignal(stop.signal()), settings, progress);
        if (result.status() == BenchmarkResult.Status.PARTIAL && result.runs().isEmpty()) {
            // A signal during the health wait, the warm-up or the first run leaves nothing
            // measured, so no figure is printed or written.
            stop.finished();
            return stop.reportNoResult();
        }
        output.write(result, context, out);
        stop.finished();
        if (cache != null && result.measured()) {
            Map<String, String> lines = new LinkedHashMap<>(fingerprint);
            lines.put("model", result.backend().model());
            lines.put("workload_estimated", Boolean.toString(result.workloadEstimated()));
            lines.put("unreliable", Boolean.toString(result.unreliable()));
            lines.put("version", VespaBench.version());
            cache.write(result.value(), lines);
            log.info("wrote {} to cache file={}", ResultCache.format(result.value()), cache.file());
        } else if (cache != null) {
            log.warn("the {} figure is not cached; cache file={} is left as it was",
                    result.status() == BenchmarkResult.Status.PARTIAL ? "partial" : "fallback",
                    cache.file());
        }
        return ExitCodes.of(result);
    }

    private boolean reuseCached(Optional<ResultCache.Entry> cached, ResultCache cache,
            Map<String, String> fingerprint, PrintWriter out) {
        if (cached.isEmpty()) {
            return false;
        }
        ResultCache.Entry entry = cached.get();
        if (entry.fingerprint().isEmpty()) {
            log.info("cache file={} records no settings (written by an older tool); reusing its"
                    + " figure", cache.file());
        } else {
            List<String> changed = CacheFingerprint.differences(entry.fingerprint(), fingerprint);
            if (!changed.isEmpty()) {
                log.warn("cache file={} was measured with other settings ({}); measuring again",
                        cache.file(), String.join("; ", changed));
                return false;
            }
        }
        output.writeCached(entry, cache.file(), out);
        return true;
    }

    private String requestedModel(Map<String, String> env) {
        if (model != null && !model.isBlank()) {
            return model.trim();
        }
        String fromEnv = env.get("MODEL_NAME");
        return fromEnv == null ? "" : fromEnv.trim();
    }

    private BackendProvider provider(Map<String, String> env) {
        String name = required(backendName, env, "VESPA_BENCHMARK",
                "no backend: name one (see 'vespa-bench list'), or set VESPA_BENCHMARK");
        Backends backends = Backends.load();
        backends.problems().forEach(problem -> log.warn("backend not loaded: {}", problem));
        return backends.find(name);
    }

    private static String required(@Nullable String value, Map<String, String> env,
            String variable, String message) {
        if (value != null && !value.isBlank()) {
            return value;
        }
        String fromEnv = env.get(variable);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        throw new UsageException(message);
    }

    private Path cachePath(Map<String, String> env) {
        if (cacheFile != null && cacheFile.toString().isEmpty()) {
            throw new UsageException("invalid --cache-file '': the path is empty; name a file"
                    + " such as " + ResultCache.DEFAULT_FILE + ", or pass --no-cache");
        }
        if (cacheFile != null) {
            return cacheFile;
        }
        String fromEnv = env.get(ResultCache.FILE_VARIABLE);
        return Path.of(fromEnv == null || fromEnv.isBlank() ? ResultCache.DEFAULT_FILE : fromEnv);
    }

    /**
     * Rejects a base URL that already ends with the backend's endpoint or its leading segments,
     * such as {@code http://host:8000/v1} or {@code http://host:8000/v1/chat/completions} for
     * {@code /v1/chat/completions}: the requests would go to {@code /v1/v1/...} and every one
     * would fail, after a health wait as long as the startup timeout.
     */
    static void checkUrlPath(String baseUrl, String backendName, Backend backend) {
        String endpoint = backend.info().settings().get("endpoint");
        String path = URI.create(baseUrl).getPath();
        if (endpoint == null || !endpoint.startsWith("/") || path == null) {
            return;
        }
        String[] segments = endpoint.substring(1).split("/");
        // The longest match first, so the message removes the whole endpoint.
        for (int count = segments.length; count >= 1; count--) {
            String prefix = "/" + String.join("/", Arrays.copyOf(segments, count));
            if (prefix.length() > 1 && path.endsWith(prefix)) {
                String root = baseUrl.substring(0, baseUrl.length() - prefix.length());
                throw new UsageException("--url " + baseUrl + " ends with " + prefix + ", which"
                        + " the " + backendName + " backend adds itself (it requests " + endpoint
                        + "); pass --url " + root);
            }
        }
    }

    /**
     * Locks the cache file, or fails as a usage error: a lock file that cannot be created is a
     * cache path the user must change, found before measuring.
     */
    private static ResultCache.Lock lock(ResultCache cache) {
        try {
            return cache.lock(() -> log.info("another vespa-bench process is using cache"
                    + " file={}; waiting for it to finish", cache.file()));
        } catch (ResultCache.CacheException e) {
            throw new UsageException(ErrorHandler.withCacheHint(e));
        }
    }

    /**
     * Reads the cache. A damaged cache is copied aside before the new figure replaces it, so
     * that nothing is lost if the path was a mistake. Anything else at the path is a usage
     * error, reported before measuring.
     */
    private static Optional<ResultCache.Entry> readCache(ResultCache cache) {
        try {
            return cache.read();
        } catch (ResultCache.CacheException e) {
            if (!e.replaceable()) {
                throw new UsageException(e.getMessage() + "; pass --cache-file with another"
                        + " path, or --no-cache");
            }
            Path copy = cache.file().resolveSibling(cache.file().getFileName() + ".invalid");
            try {
                Files.copy(cache.file(), copy, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException copyError) {
                throw new UsageException(e.getMessage() + ", and it could not be copied to "
                        + copy + " before being replaced; move it away or pass another"
                        + " --cache-file");
            }
            log.warn("{}; kept a copy in {} and measuring again", e.getMessage(), copy);
            return Optional.empty();
        }
    }
}
