package dev.vespabench.core;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

import dev.vespabench.core.WindowStatistics.Stop;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Open-loop load: requests arrive at a rate for a duration whatever the backend's speed, as
 * users' requests do, and the run shows how the backend copes: throughput over windows,
 * latency and failures. One run.
 *
 * <p>At most {@code maxInFlight} requests are in flight; an arrival beyond that is dropped and
 * counted, so that an overloaded backend cannot make the client hold an unbounded number of
 * requests. After the arrival period the run waits for the requests in flight, each bounded by
 * the request timeout, and counts only windows that end within the arrival period.
 *
 * @param rate the arrival rate in requests/s
 * @param arrivals evenly spaced or Poisson arrivals
 * @param duration the arrival period
 * @param maxInFlight the most requests in flight
 * @param seed the seed of Poisson inter-arrival times
 * @param windows the windows; their convergence limits do not apply, the run lasts its duration
 */
public record RateStrategy(double rate, Arrivals arrivals, Duration duration, int maxInFlight,
        long seed, WindowSettings windows) implements LoadStrategy {

    /** The default bound on requests in flight. */
    public static final int DEFAULT_MAX_IN_FLIGHT = 1024;

    /** The arrivals a derived window spans at least, on average. */
    private static final int ARRIVALS_PER_WINDOW = 5;

    /** The highest rate accepted, in requests/s. */
    public static final double MAX_RATE = 100_000;

    @Override
    public Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("rate", Double.toString(rate));
        settings.put("arrivals", arrivals.name().toLowerCase(Locale.ROOT));
        settings.put("duration_seconds", WindowSettings.seconds(duration));
        settings.put("max_in_flight", Integer.toString(maxInFlight));
        windows.describe(settings);
        return settings;
    }

    /** Creates the strategy, checking every value. */
    public RateStrategy {
        if (!(rate > 0 && rate <= MAX_RATE)) {
            throw new IllegalArgumentException("rate must be above 0 and at most " + MAX_RATE
                    + " requests/s, got " + rate);
        }
        Objects.requireNonNull(arrivals, "arrivals");
        Checks.positive("duration", Objects.requireNonNull(duration, "duration"));
        Checks.atLeast("maxInFlight", maxInFlight, 1);
        Objects.requireNonNull(windows, "windows");
    }

    /**
     * Creates evenly spaced arrivals with at most {@value #DEFAULT_MAX_IN_FLIGHT} requests in
     * flight and the windows of {@link WindowSettings#steady()}.
     *
     * @param rate the arrival rate in requests/s
     * @param duration the arrival period
     * @return the strategy
     */
    public static RateStrategy of(double rate, Duration duration) {
        return new RateStrategy(rate, Arrivals.CONSTANT, duration, DEFAULT_MAX_IN_FLIGHT, 0,
                WindowSettings.steady());
    }

    /**
     * Returns a copy with another arrival process.
     *
     * @param value the process
     * @param randomSeed the seed of Poisson gaps
     * @return the strategy
     */
    public RateStrategy withArrivals(Arrivals value, long randomSeed) {
        return new RateStrategy(rate, value, duration, maxInFlight, randomSeed, windows);
    }

    /**
     * Returns a copy with another bound on requests in flight.
     *
     * @param value the bound
     * @return the strategy
     */
    public RateStrategy withMaxInFlight(int value) {
        return new RateStrategy(rate, arrivals, duration, value, seed, windows);
    }

    /**
     * Returns a copy with other windows.
     *
     * @param value the windows
     * @return the strategy
     */
    public RateStrategy withWindows(WindowSettings value) {
        return new RateStrategy(rate, arrivals, duration, maxInFlight, seed, value);
    }

    @Override
    public String name() {
        return "rate";
    }

    @Override
    public Flux<RunResult> execute(LoadContext context) {
        return Mono.defer(() -> new OpenLoopRun(context).run()).flux();
    }

    /**
     * Selects the single run when it did successful work.
     *
     * @param runs the finished runs
     * @return the selection
     */
    @Override
    public Selection select(List<RunResult> runs) {
        if (runs.isEmpty() || runs.get(0).succeeded() == 0) {
            return Selection.none("the open-loop run had no successful request");
        }
        RunResult run = runs.get(0);
        String offered = String.format(Locale.ROOT, "throughput at %.2f requests/s of %s"
                + " arrivals; ", rate, arrivals.name().toLowerCase(Locale.ROOT));
        WindowStatistics stats = run.windows().orElseThrow();
        return Selection.of(run, offered + (stats.count() == 0
                ? "no window became final, so the figure is the workload over the wall time"
                : SteadyStrategy.describe(stats, windows.tolerance())));
    }

    @Override
    public OptionalInt maxRequestsInFlight() {
        return OptionalInt.of(maxInFlight);
    }

    /** The state of one subscription. */
    private final class OpenLoopRun {
        private final LoadContext context;
        private final long origin;
        private final WindowedFold fold;
        private final SplittableRandom random = new SplittableRandom(seed);
        private final AtomicLong scheduled = new AtomicLong();
        private final AtomicLong dropped = new AtomicLong();

        OpenLoopRun(LoadContext context) {
            this.context = context;
            this.origin = context.nanoTime();
            // A window of a few latencies contains no arrival at all when requests are fast and
            // the rate is low, so a derived window spans several arrivals.
            this.fold = new WindowedFold(origin, windows, 1, Duration.ofNanos(Math.round(
                    ARRIVALS_PER_WINDOW * 1e9 / rate)));
            fold.stopAt(origin + duration.toNanos());
        }

        Mono<RunResult> run() {
            long period = duration.toNanos();
            // Arrival times are offsets from the origin, so delays do not add up their errors.
            Flux<Long> offsets = Flux.generate(() -> 0L, (offset, sink) -> {
                if (offset >= period) {
                    sink.complete();
                } else {
                    sink.next(offset);
                }
                return offset + gapNanos();
            });
            return offsets
                    .concatMap(offset -> Mono.delay(Duration.ofNanos(
                            Math.max(0, origin + offset - context.nanoTime())), context.scheduler()))
                    .flatMap(tick -> arrive(), Integer.MAX_VALUE)
                    .then(Mono.fromSupplier(this::finish));
        }

        private Mono<Void> arrive() {
            scheduled.incrementAndGet();
            WindowedFold.Ticket ticket = fold.tryRegister(context.nanoTime(), maxInFlight);
            if (ticket == null) {
                dropped.incrementAndGet();
                return Mono.empty();
            }
            return context.send(fold.observer())
                    .doOnNext(result -> fold.complete(ticket, result))
                    .then();
        }

        private long gapNanos() {
            double mean = 1e9 / rate;
            double gap = arrivals == Arrivals.CONSTANT ? mean
                    : -Math.log(1 - random.nextDouble()) * mean;
            return Math.max(1, Math.round(gap));
        }

        private RunResult finish() {
            // The last arrival comes before the period ends, and its request may end before
            // it too. The run lasts the whole period, so that a figure without final windows,
            // the workload over the run's time, is not taken over a shorter time.
            long now = Math.max(context.nanoTime(), origin + duration.toNanos());
            fold.evaluate(now);
            ArrivalStatistics stats = new ArrivalStatistics(rate, arrivals, scheduled.get(),
                    dropped.get(), maxInFlight);
            return fold.toRunResult(1, maxInFlight, now, Stop.DURATION, stats);
        }
    }
}
