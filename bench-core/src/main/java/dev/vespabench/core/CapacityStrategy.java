package dev.vespabench.core;

import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A search for the highest sustainable throughput: steady measurements at concurrency
 * {@code start}, twice that, and so on up to {@code maxConcurrency} (lowered to the limit the
 * backend publishes, if any), then a bisection between the last levels. Each level is one run.
 *
 * <p>Doubling stops at the first level that is not sustainable (its failure rate is above
 * {@code maxFailureRate}, or a latency objective is broken, or fewer than the minimum windows
 * became final), or whose throughput is less than {@code 1 + minGain} times the best so far,
 * or at the limit. After an unsustainable level the bisection looks for the highest
 * sustainable concurrency below it; after a plateau it looks for the lowest concurrency that
 * reaches within {@code minGain} of the plateau. The value is chosen by {@link #select}.
 *
 * @param start the first concurrency
 * @param maxConcurrency the highest concurrency tried
 * @param minGain the least relative throughput gain of a doubling that continues the search
 * @param sloTtftP95 the objective for the 95th percentile of time to first token, or null
 * @param sloLatencyP95 the objective for the 95th percentile of end-to-end latency, or null
 * @param maxFailureRate the highest share of failed requests a sustainable level may have
 * @param refineSteps the bisection levels after doubling stops
 * @param windows the windows, convergence test and limits of each level
 */
public record CapacityStrategy(int start, int maxConcurrency, double minGain,
        @Nullable Duration sloTtftP95, @Nullable Duration sloLatencyP95, double maxFailureRate,
        int refineSteps, WindowSettings windows) implements LoadStrategy {

    /** The default highest concurrency tried. */
    public static final int DEFAULT_MAX_CONCURRENCY = 256;

    // The previous level's cancelled requests close their connections, and the server frees
    // their slots, during this pause. NOTE: without it, a request of the next level sometimes
    // failed with NotYetConnectedException while reading from the simulator, and a slot there
    // stayed busy. That was seen with Reactor Netty's HTTP client, before the engine had its
    // own connection pool, and has not been checked since.
    private static final Duration SETTLE = Duration.ofMillis(200);

    /** The relative difference below which two levels count as reaching the same throughput. */
    private static final double TIE_FLOOR = 0.01;

    @Override
    public Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("start", Integer.toString(start));
        settings.put("max_concurrency", Integer.toString(maxConcurrency));
        settings.put("min_gain", Double.toString(minGain));
        settings.put("slo_ttft_p95_seconds",
                sloTtftP95 == null ? "none" : WindowSettings.seconds(sloTtftP95));
        settings.put("slo_latency_p95_seconds",
                sloLatencyP95 == null ? "none" : WindowSettings.seconds(sloLatencyP95));
        settings.put("max_failure_rate", Double.toString(maxFailureRate));
        settings.put("refine_steps", Integer.toString(refineSteps));
        windows.describe(settings);
        return settings;
    }

    /** Creates the strategy, checking every value. */
    public CapacityStrategy {
        Checks.atLeast("start", start, 1);
        Checks.atLeast("maxConcurrency", maxConcurrency, start);
        if (!(minGain >= 0 && minGain < 1)) {
            throw new IllegalArgumentException("minGain must be from 0 to less than 1, got "
                    + minGain);
        }
        if (sloTtftP95 != null) {
            Checks.positive("sloTtftP95", sloTtftP95);
        }
        if (sloLatencyP95 != null) {
            Checks.positive("sloLatencyP95", sloLatencyP95);
        }
        if (!(maxFailureRate >= 0 && maxFailureRate < 1)) {
            throw new IllegalArgumentException("maxFailureRate must be from 0 to less than 1,"
                    + " got " + maxFailureRate);
        }
        Checks.atLeast("refineSteps", refineSteps, 0);
        Objects.requireNonNull(windows, "windows");
    }

    /**
     * Returns the defaults: concurrency 1 to {@value #DEFAULT_MAX_CONCURRENCY}, a doubling must
     * gain 5%, no latency objective, no failed request, two bisection levels, and the windows
     * of {@link WindowSettings#capacityLevel()}.
     *
     * @return the strategy
     */
    public static CapacityStrategy defaults() {
        return new CapacityStrategy(1, DEFAULT_MAX_CONCURRENCY, 0.05, null, null, 0.0, 2,
                WindowSettings.capacityLevel());
    }

    /**
     * Returns a copy with another concurrency range.
     *
     * @param first the first concurrency
     * @param max the highest concurrency tried
     * @return the strategy
     */
    public CapacityStrategy withConcurrency(int first, int max) {
        return new CapacityStrategy(first, max, minGain, sloTtftP95, sloLatencyP95,
                maxFailureRate, refineSteps, windows);
    }

    /**
     * Returns a copy with another least gain per doubling.
     *
     * @param value a fraction such as 0.05
     * @return the strategy
     */
    public CapacityStrategy withMinGain(double value) {
        return new CapacityStrategy(start, maxConcurrency, value, sloTtftP95, sloLatencyP95,
                maxFailureRate, refineSteps, windows);
    }

    /**
     * Returns a copy with latency objectives.
     *
     * @param ttftP95 the 95th percentile of time to first token, or null for none
     * @param latencyP95 the 95th percentile of end-to-end latency, or null for none
     * @return the strategy
     */
    public CapacityStrategy withObjectives(@Nullable Duration ttftP95,
            @Nullable Duration latencyP95) {
        return new CapacityStrategy(start, maxConcurrency, minGain, ttftP95, latencyP95,
                maxFailureRate, refineSteps, windows);
    }

    /**
     * Returns a copy with another failure tolerance.
     *
     * @param value the highest share of failed requests of a sustainable level
     * @return the strategy
     */
    public CapacityStrategy withMaxFailureRate(double value) {
        return new CapacityStrategy(start, maxConcurrency, minGain, sloTtftP95, sloLatencyP95,
                value, refineSteps, windows);
    }

    /**
     * Returns a copy with another number of bisection levels.
     *
     * @param value the levels, 0 for none
     * @return the strategy
     */
    public CapacityStrategy withRefineSteps(int value) {
        return new CapacityStrategy(start, maxConcurrency, minGain, sloTtftP95, sloLatencyP95,
                maxFailureRate, value, windows);
    }

    /**
     * Returns a copy with other level windows.
     *
     * @param value the windows
     * @return the strategy
     */
    public CapacityStrategy withWindows(WindowSettings value) {
        return new CapacityStrategy(start, maxConcurrency, minGain, sloTtftP95, sloLatencyP95,
                maxFailureRate, refineSteps, value);
    }

    @Override
    public String name() {
        return "capacity";
    }

    @Override
    public Flux<RunResult> execute(LoadContext context) {
        return Flux.defer(() -> {
            int limit = Math.min(maxConcurrency,
                    context.maxConcurrentRequests().orElse(Integer.MAX_VALUE));
            CapacitySearch search = new CapacitySearch(this, Math.max(1, limit));
            return level(context, search, search.first())
                    .expand(run -> {
                        OptionalInt next = search.next(run);
                        return next.isPresent()
                                ? level(context, search, next.getAsInt()) : Mono.empty();
                    });
        });
    }

    /**
     * Selects the level the value comes from. Among sustainable levels, the best is the one
     * with the highest median throughput. A level counts as reaching the same throughput when
     * its median is within the larger of the two levels' 95% confidence half-widths of the
     * best's, or within 1% of it, so that one lucky window cannot choose a level. The chosen
     * level is the one of lowest concurrency among those, and the value is its median. The 1%
     * floor is there because window figures are correlated through the requests they share,
     * so their confidence intervals understate the error.
     *
     * @param runs the finished levels, possibly cut short by the deadline
     * @return the selection
     */
    @Override
    public Selection select(List<RunResult> runs) {
        List<RunResult> sustainable = runs.stream().filter(run -> problem(run) == null).toList();
        if (sustainable.isEmpty()) {
            return Selection.none(runs.isEmpty() ? "no level finished"
                    : "no level was sustainable; concurrency " + runs.get(0).concurrency()
                            + ": " + problem(runs.get(0)));
        }
        RunResult best = sustainable.stream()
                .max(Comparator.comparingDouble(RunResult::throughput)).orElseThrow();
        RunResult chosen = sustainable.stream()
                .filter(run -> run.throughput() >= best.throughput() - Math.max(
                        TIE_FLOOR * best.throughput(), Math.max(halfWidth(best), halfWidth(run))))
                .min(Comparator.comparingInt(RunResult::concurrency)).orElseThrow();
        String rule = String.format(Locale.ROOT, "the lowest concurrency whose median is within"
                + " the 95%% confidence interval of the best sustainable level (concurrency %d,"
                + " %.1f/s) among %d sustainable of %d levels", best.concurrency(),
                best.throughput(), sustainable.size(), runs.size());
        return Selection.of(chosen, rule + stillRising(sustainable, best));
    }

    @Override
    public OptionalInt maxRequestsInFlight() {
        return OptionalInt.of(maxConcurrency);
    }

    /**
     * Returns why a level is not sustainable.
     *
     * @param run the level
     * @return the reason, or null when the level is sustainable
     */
    @Nullable String problem(RunResult run) {
        if (run.succeeded() == 0 || run.failureRate() > maxFailureRate) {
            return String.format(Locale.ROOT, "%d of %d requests failed %s", run.failed(),
                    run.requests(), run.failures());
        }
        WindowStatistics stats = run.windows().orElse(null);
        if (stats == null || stats.count() < windows.minWindows()) {
            return "fewer than " + windows.minWindows() + " windows became final";
        }
        if (sloTtftP95 != null) {
            if (run.timeToFirstToken().count() == 0) {
                return "no time to first token was measured, so the objective on it cannot be"
                        + " checked; the backend must stream";
            }
            if (run.timeToFirstToken().p95() > millis(sloTtftP95)) {
                return String.format(Locale.ROOT, "p95 time to first token %.0f ms is above"
                        + " the objective of %.0f ms", run.timeToFirstToken().p95(),
                        millis(sloTtftP95));
            }
        }
        if (sloLatencyP95 != null && run.latency().p95() > millis(sloLatencyP95)) {
            return String.format(Locale.ROOT, "p95 latency %.0f ms is above the objective of"
                    + " %.0f ms", run.latency().p95(), millis(sloLatencyP95));
        }
        return null;
    }

    private Mono<RunResult> level(LoadContext context, CapacitySearch search, int concurrency) {
        int index = search.nextIndex();
        Mono<RunResult> level = SteadyLevel.measure(context, index, concurrency, windows);
        return index == 1 ? level
                : Mono.delay(SETTLE, context.scheduler()).then(level);
    }

    /** Notes when the best level is the highest measured and still rose over the one below. */
    private String stillRising(List<RunResult> sustainable, RunResult best) {
        RunResult highest = sustainable.stream()
                .max(Comparator.comparingInt(RunResult::concurrency)).orElseThrow();
        if (highest != best) {
            return "";
        }
        return sustainable.stream()
                .filter(run -> run.concurrency() < best.concurrency())
                .max(Comparator.comparingInt(RunResult::concurrency))
                .filter(below -> best.throughput() >= below.throughput() * (1 + minGain))
                .map(below -> "; throughput still rose at concurrency " + best.concurrency()
                        + ", the highest measured, so the capacity may be higher")
                .orElse("");
    }

    /** Returns a level's half-width, 0 when unknown, so that only the 1% floor applies. */
    private static double halfWidth(RunResult run) {
        return run.windows().filter(WindowStatistics::halfWidthKnown)
                .map(WindowStatistics::halfWidth).orElse(0.0);
    }

    private static double millis(Duration duration) {
        return duration.toNanos() / 1e6;
    }
}
