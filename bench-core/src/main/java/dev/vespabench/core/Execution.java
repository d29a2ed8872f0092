package dev.vespabench.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import dev.vespabench.api.Backend;
import dev.vespabench.api.Call;
import dev.vespabench.api.HttpRequestSpec;
import dev.vespabench.api.HttpResponseData;
import dev.vespabench.api.Outcome;
import dev.vespabench.api.RequestContext;
import dev.vespabench.core.BenchmarkEvent.Phase;
import dev.vespabench.core.internal.HttpExchanger;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The state of one subscription to {@link Benchmark#events()}: health wait, discovery, warm-up,
 * measurement and the reduction of runs into the result.
 */
final class Execution implements LoadContext {

    private static final Logger log = LoggerFactory.getLogger(Benchmark.class);

    private final Backend backend;
    private final BenchmarkSettings settings;
    private final LoadStrategy strategy;
    private final Duration requestTimeout;
    private final boolean warmup;
    private final HttpExchanger exchanger;
    private final Scheduler scheduler;
    /**
     * How long the health path may return 404 before the wait gives up on the URL, or half the
     * startup timeout when that is shorter.
     */
    static final Duration NOT_FOUND_LIMIT = Duration.ofSeconds(30);

    private final LongSupplier clock;
    private final Consumer<? super RequestResult> requestListener;
    private final String id = Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 32);
    private final AtomicLong sequence = new AtomicLong();
    private final List<RunResult> runs = new CopyOnWriteArrayList<>();
    private final List<String> notes = new CopyOnWriteArrayList<>();
    private final Set<String> warnedCauses = ConcurrentHashMap.newKeySet();
    private volatile Backend configured;
    private volatile @Nullable String startupFailure;
    private volatile boolean deadlineReached;
    private volatile boolean stopped;
    private int requestsInFlight;
    private long startNanos;

    Execution(Backend backend, BenchmarkSettings settings, LoadStrategy strategy,
            Duration requestTimeout, boolean warmup, HttpExchanger exchanger,
            Scheduler scheduler, LongSupplier clock,
            Consumer<? super RequestResult> requestListener) {
        this.backend = backend;
        this.configured = backend;
        this.settings = settings;
        this.strategy = strategy;
        this.requestTimeout = requestTimeout;
        this.warmup = warmup;
        this.exchanger = exchanger;
        this.scheduler = scheduler;
        this.clock = clock;
        this.requestListener = requestListener;
    }

    Flux<BenchmarkEvent> events(int requestsInFlight, Publisher<?> stopSignal) {
        this.requestsInFlight = requestsInFlight;
        startNanos = clock.getAsLong();
        log.info("benchmark={} starting url={} strategy={} deadline={}s", id, settings.baseUrl(),
                strategy, settings.deadline().toSeconds());
        Flux<BenchmarkEvent> steps = Flux.concat(
                phase(Phase.HEALTH, settings.baseUrl() + backend.healthPath()),
                waitHealthy().thenMany(Flux.<BenchmarkEvent>empty()),
                discover(),
                warmup(),
                phase(Phase.MEASURE, strategy.toString()),
                Flux.defer(() -> {
                    warnAboveServerLimit();
                    return strategy.execute(this)
                            .doOnNext(this::record)
                            .map(BenchmarkEvent.RunFinished::new);
                }));
        Mono<Long> deadline = Mono.delay(settings.deadline(), scheduler)
                .doOnNext(tick -> {
                    deadlineReached = true;
                    log.warn("benchmark={} deadline of {} (--deadline) reached; stopping", id,
                            seconds(settings.deadline()));
                });
        Mono<Object> stop = Mono.from(stopSignal)
                .cast(Object.class)
                .defaultIfEmpty(Boolean.TRUE)
                .doOnNext(signal -> {
                    stopped = true;
                    log.warn("benchmark={} stop requested; cancelling requests in flight", id);
                });
        return steps
                .takeUntilOther(deadline)
                .takeUntilOther(stop)
                .onErrorResume(StartupFailure.class, error -> {
                    startupFailure = error.getMessage();
                    log.error("benchmark={} {}", id, error.getMessage());
                    return Flux.empty();
                })
                .concatWith(Mono.fromSupplier(() -> new BenchmarkEvent.Finished(result())));
    }

    @Override
    public Mono<RequestResult> send() {
        return send(TokenObserver.NONE);
    }

    @Override
    public Mono<RequestResult> send(TokenObserver observer) {
        return Mono.defer(() -> {
            long seq = sequence.getAndIncrement();
            Call call = configured.request(context(seq));
            return exchanger.execute(seq, call, observer).doOnNext(this::countFailure)
                    .doOnNext(requestListener);
        });
    }

    @Override
    public OptionalInt maxConcurrentRequests() {
        return configured.info().maxConcurrentRequests();
    }

    @Override
    public long nanoTime() {
        return clock.getAsLong();
    }

    @Override
    public Scheduler scheduler() {
        return scheduler;
    }

    private Flux<BenchmarkEvent> phase(Phase phase, String detail) {
        return Flux.defer(() -> {
            log.info("benchmark={} phase={} {}", id, phase.name().toLowerCase(), detail);
            return Flux.just(new BenchmarkEvent.PhaseStarted(phase, detail));
        });
    }

    private Mono<Void> waitHealthy() {
        HttpRequestSpec request = HttpRequestSpec.get(backend.healthPath());
        String url = settings.baseUrl() + backend.healthPath();
        Duration pollTimeout = min(settings.startupTimeout(), Duration.ofSeconds(10));
        AtomicReference<String> last = new AtomicReference<>("no answer yet");
        AtomicLong notFoundSince = new AtomicLong(-1);
        return Mono.defer(() -> exchanger.fetch(request, pollTimeout, "")
                        .onErrorResume(error -> {
                            last.set(exchanger.describe(error));
                            return Mono.empty();
                        }))
                .flatMap(response -> {
                    if (response.isSuccess()) {
                        return Mono.just(response);
                    }
                    last.set("HTTP status " + response.status());
                    Optional<StartupFailure> refusal =
                            refusal(response.status(), url, notFoundSince);
                    return refusal.isPresent() ? Mono.<HttpResponseData>error(refusal.get())
                            : Mono.<HttpResponseData>empty();
                })
                .repeatWhenEmpty(polls -> polls.concatMap(poll -> {
                    if (poll == 0 || (poll + 1) % 10 == 0) {
                        log.info("benchmark={} waiting for url={} polls={} last={}", id, url,
                                poll + 1, last.get());
                    }
                    return Mono.delay(settings.healthInterval(), scheduler);
                }))
                .timeout(settings.startupTimeout(), scheduler)
                .onErrorMap(TimeoutException.class, error -> new StartupFailure("backend at "
                        + url + " did not answer with status 200 within "
                        + seconds(settings.startupTimeout()) + "; last answer: " + last.get()
                        + ". Check the URL, or raise --startup-timeout if the model is still"
                        + " loading"))
                .doOnNext(response -> log.info("benchmark={} backend healthy url={}", id, url))
                .then();
    }

    /**
     * Returns the failure that ends the health wait at once for a status that waiting cannot
     * change: 401 or 403, which only the API key fixes, or 404 for {@link #NOT_FOUND_LIMIT} (or
     * half the startup timeout) in a row, which means a wrong URL rather than a server still
     * starting.
     */
    private Optional<StartupFailure> refusal(int status, String url, AtomicLong notFoundSince) {
        if (status == 401 || status == 403) {
            boolean keySent = settings.headers().keySet().stream()
                    .anyMatch(name -> name.equalsIgnoreCase("Authorization"));
            return Optional.of(new StartupFailure("backend at " + url + " answered HTTP status "
                    + status + (keySent ? ": it did not accept the API key; check the key in"
                            + " --api-key-file or VESPA_API_KEY"
                            : ": it needs an API key; pass it with --api-key-file or"
                                    + " VESPA_API_KEY")));
        }
        if (status != 404) {
            notFoundSince.set(-1);
            return Optional.empty();
        }
        long now = clock.getAsLong();
        notFoundSince.compareAndSet(-1, now);
        Duration limit = min(NOT_FOUND_LIMIT, settings.startupTimeout().dividedBy(2));
        if (now - notFoundSince.get() < limit.toNanos()) {
            return Optional.empty();
        }
        return Optional.of(new StartupFailure("backend at " + url + " answered HTTP status 404"
                + " for " + seconds(limit) + ", so the URL is probably wrong: pass the"
                + " server's base URL, to which the backend adds " + backend.healthPath()));
    }

    private Flux<BenchmarkEvent> discover() {
        Optional<HttpRequestSpec> request = backend.discoveryRequest();
        if (request.isEmpty()) {
            return Flux.empty();
        }
        Mono<Optional<HttpResponseData>> response = exchanger.fetch(request.get(), requestTimeout,
                        "--request-timeout")
                .map(Optional::of)
                .onErrorResume(error -> {
                    String message = "discovery request " + request.get() + " failed: "
                            + exchanger.describe(error);
                    notes.add(message);
                    log.warn("benchmark={} {}", id, message);
                    return Mono.just(Optional.empty());
                });
        return phase(Phase.DISCOVERY, request.get().toString())
                .concatWith(response.doOnNext(answer -> {
                    configured = backend.discover(answer.orElse(null));
                    notes.addAll(configured.info().notes());
                    log.info("benchmark={} model={}", id, configured.info().model());
                }).thenMany(Flux.empty()));
    }

    private void warnAboveServerLimit() {
        OptionalInt limit = configured.info().maxConcurrentRequests();
        // The capacity search bounds its own levels by the published limit.
        if (limit.isEmpty() || requestsInFlight <= limit.getAsInt()
                || strategy instanceof CapacityStrategy) {
            return;
        }
        String message = "concurrency " + requestsInFlight + " exceeds the server's"
                + " max_concurrent_requests of " + limit.getAsInt() + ", so the server will reject"
                + " the excess requests as overloaded; lower --concurrency to at most "
                + limit.getAsInt();
        notes.add(message);
        log.warn("benchmark={} {}", id, message);
    }

    private Flux<BenchmarkEvent> warmup() {
        if (!warmup) {
            return Flux.empty();
        }
        Mono<RequestResult> request = Mono.defer(
                () -> exchanger.execute(-1, configured.warmup(context(-1))));
        return phase(Phase.WARMUP, "one request")
                .concatWith(request.doOnNext(result -> {
                    if (result.outcome() instanceof Outcome.Failed failed) {
                        String message = "warm-up request failed (" + failed.cause() + "): "
                                + failed.message();
                        notes.add(message);
                        log.warn("benchmark={} {}", id, message);
                    } else {
                        log.info("benchmark={} warm-up done latency_ms={}", id,
                                result.latencyNanos() / 1_000_000);
                    }
                }).thenMany(Flux.empty()));
    }

    private RequestContext context(long seq) {
        long seed = settings.seed() ^ (seq * 0x9E3779B97F4A7C15L);
        return new RequestContext(seq, "vb-" + id + "-" + (seq < 0 ? "warmup" : seq),
                new SplittableRandom(seed));
    }

    private void record(RunResult run) {
        runs.add(run);
        log.info("benchmark={} run={} concurrency={} requests={} failed={} throughput={}{}",
                id, run.index(), run.concurrency(), run.requests(), run.failed(),
                String.format(java.util.Locale.ROOT, "%.2f", run.throughput()),
                run.windows().map(Execution::describeWindows).orElse(""));
    }

    private static String describeWindows(WindowStatistics windows) {
        String halfWidth = windows.halfWidthKnown()
                ? String.format(java.util.Locale.ROOT, "%.2f", 100 * windows.relativeHalfWidth())
                : "unknown";
        return String.format(java.util.Locale.ROOT, " windows=%d/%d window_ms=%d"
                + " half_width_pct=%s stop=%s", windows.count(), windows.finalWindows(),
                windows.window().toMillis(), halfWidth,
                windows.stop().name().toLowerCase(java.util.Locale.ROOT));
    }

    private void countFailure(RequestResult result) {
        if (result.outcome() instanceof Outcome.Failed failed) {
            if (warnedCauses.add(failed.cause())) {
                log.warn("benchmark={} request={} failed cause={}: {} (further failures of this"
                        + " cause are counted, not logged)", id, result.sequence(),
                        failed.cause(), failed.message());
            } else {
                log.debug("benchmark={} request={} failed cause={}: {}", id, result.sequence(),
                        failed.cause(), failed.message());
            }
        }
    }

    private BenchmarkResult result() {
        Map<String, Long> failures = new TreeMap<>();
        runs.forEach(run -> run.failures().forEach((cause, n) -> failures.merge(cause, n, Long::sum)));
        List<RunResult> finished = new ArrayList<>(runs);
        Selection selection = strategy.select(finished);
        boolean estimated = runs.stream().anyMatch(RunResult::workloadEstimated);
        Duration elapsed = Duration.ofNanos(clock.getAsLong() - startNanos);
        String reason = fallbackReason(selection, failures);
        BenchmarkResult.Status status = stopped ? BenchmarkResult.Status.PARTIAL
                : reason.isEmpty() ? BenchmarkResult.Status.MEASURED
                : BenchmarkResult.Status.FALLBACK;
        if (stopped) {
            reason = "stopped early after " + runs.size()
                    + (runs.size() == 1 ? " finished run" : " finished runs")
                    + (reason.isEmpty() ? "" : "; " + reason);
        }
        boolean selectable = selection.run().isPresent() && selection.value() > 0
                && startupFailure == null;
        double value = selectable ? selection.value() : BenchmarkResult.FALLBACK_VALUE;
        OptionalInt selected = selectable ? selection.run() : OptionalInt.empty();
        BenchmarkResult result = new BenchmarkResult(value, status, reason, configured.info(),
                strategy.name(), finished, failures, estimated, deadlineReached, notes, elapsed,
                selected, selection.rule());
        if (result.measured()) {
            log.info("benchmark={} finished value={} run={} runs={} failed={} elapsed_ms={}"
                    + " selection=\"{}\"", id,
                    String.format(java.util.Locale.ROOT, "%.2f", value), selected.getAsInt(),
                    runs.size(), result.failed(), elapsed.toMillis(), selection.rule());
        } else {
            log.warn("benchmark={} finished with {} value={}: {}", id,
                    status.name().toLowerCase(java.util.Locale.ROOT), value, reason);
        }
        return result;
    }

    private String fallbackReason(Selection selection, Map<String, Long> failures) {
        if (startupFailure != null) {
            return startupFailure;
        }
        if (runs.isEmpty()) {
            return deadlineReached
                    ? "the deadline of " + seconds(settings.deadline())
                            + " (--deadline) was reached before any run finished"
                    : "no run finished";
        }
        long requests = runs.stream().mapToLong(RunResult::requests).sum();
        long failed = runs.stream().mapToLong(RunResult::failed).sum();
        if (failed == requests) {
            return "no run succeeded: all " + requests + " requests failed " + failures;
        }
        if (selection.run().isEmpty()) {
            return selection.rule();
        }
        if (selection.value() <= 0) {
            return "successful requests reported no work (workload 0)";
        }
        return "";
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0
                ? duration.toSeconds() + " s" : duration.toMillis() / 1000.0 + " s";
    }

    /** A failure before measurement that makes the result a fallback. */
    static final class StartupFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StartupFailure(String message) {
            super(message, null, false, false);
        }
    }
}
