package dev.vespabench.core;

import dev.vespabench.core.WindowStatistics.Stop;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * One closed-loop measurement: keeps a number of requests in flight, starting a new one as one
 * finishes, until the windows converge or a limit is reached.
 *
 * <p>On convergence the requests in flight are cancelled: they started after the last final
 * window ended, so they could change only windows that are not counted. At the window or time
 * limit the measurement stops sending and waits for the requests in flight, each bounded by
 * the request timeout, so that the last windows become final.
 */
final class SteadyLevel {

    // Most requests failing, after at least this many failures, stops sending: a backend that
    // fails at once would otherwise be flooded with requests in a tight loop.
    private static final int FAILURE_STOP_MINIMUM = 10;

    private final LoadContext context;
    private final int index;
    private final int concurrency;
    private final WindowSettings settings;
    private final long origin;
    private final WindowedFold fold;
    private final Sinks.One<Boolean> converged = Sinks.one();
    private @Nullable Stop stop;
    private long stopNanos;

    private SteadyLevel(LoadContext context, int index, int concurrency,
            WindowSettings settings) {
        this.context = context;
        this.index = index;
        this.concurrency = concurrency;
        this.settings = settings;
        this.origin = context.nanoTime();
        this.fold = new WindowedFold(origin, settings, concurrency);
    }

    /**
     * Creates a measurement that starts on subscription.
     *
     * @param context the engine's request sender and clock
     * @param index the run's number
     * @param concurrency the requests to keep in flight
     * @param settings the windows and limits
     * @return the run, emitted when the measurement stops
     */
    static Mono<RunResult> measure(LoadContext context, int index, int concurrency,
            WindowSettings settings) {
        return Mono.defer(() -> new SteadyLevel(context, index, concurrency, settings).run());
    }

    private Mono<RunResult> run() {
        return Flux.range(0, Integer.MAX_VALUE)
                .takeWhile(i -> mayStartAnother())
                .flatMap(i -> sendOne(), concurrency)
                .takeUntilOther(converged.asMono())
                .then(Mono.fromSupplier(this::finish));
    }

    private Mono<Void> sendOne() {
        return Mono.defer(() -> {
            WindowedFold.Ticket ticket = fold.register(context.nanoTime());
            return context.send(fold.observer())
                    .doOnNext(result -> {
                        if (complete(ticket, result)) {
                            converged.tryEmitValue(Boolean.TRUE);
                        }
                    })
                    .then();
        });
    }

    private synchronized boolean mayStartAnother() {
        if (stop != null) {
            return false;
        }
        long now = context.nanoTime();
        if (now - origin >= settings.maxDuration().toNanos()) {
            stop(Stop.TIME_LIMIT, now);
        } else if (fold.endedWindows(now) >= settings.maxWindows()) {
            stop(Stop.WINDOW_LIMIT, now);
        }
        return stop == null;
    }

    /** Adds a result and returns true when it made the windows converge. */
    private synchronized boolean complete(WindowedFold.Ticket ticket, RequestResult result) {
        if (stop == Stop.CONVERGED) {
            // Finished while the cancellation was on its way: like the cancelled requests, it
            // could change only windows after the last counted one.
            return false;
        }
        long now = context.nanoTime();
        fold.complete(ticket, result);
        long failed = fold.failed();
        if (stop == null && failed >= Math.max(FAILURE_STOP_MINIMUM, concurrency)
                && 2 * failed > fold.requests()) {
            stop(Stop.FAILURES, now);
        }
        if (fold.evaluate(now) && stop == null && fold.converged()) {
            stop(Stop.CONVERGED, now);
            return true;
        }
        return false;
    }

    private synchronized RunResult finish() {
        long now = context.nanoTime();
        if (stop == null) {
            // The flatMap ends only after a stop; kept so that a result always has a reason.
            stop(Stop.TIME_LIMIT, now);
        }
        if (stop != Stop.CONVERGED) {
            fold.evaluate(now);
        }
        long end = stop == Stop.CONVERGED ? stopNanos : now;
        return fold.toRunResult(index, concurrency, end, stop, null);
    }

    private void stop(Stop reason, long now) {
        stop = reason;
        stopNanos = now;
        fold.stopAt(now);
    }
}
