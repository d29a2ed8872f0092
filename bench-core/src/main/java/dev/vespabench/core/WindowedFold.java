package dev.vespabench.core;

import java.time.Duration;
import java.util.Optional;
import java.util.TreeMap;

import dev.vespabench.core.internal.RunAccumulator;
import dev.vespabench.core.internal.WindowSummary;
import dev.vespabench.core.internal.WorkloadTimeline;
import org.jspecify.annotations.Nullable;

/**
 * The fold of a steady or open-loop measurement: request results, their workload spread over
 * time, and the requests still in flight. Thread-safe: requests register and finish on any
 * thread.
 *
 * <p>Counting each request's workload at its completion time is noisy when requests are long,
 * because requests that start together finish together and a window gets all or none of
 * them. Instead each request's workload is spread over the time it was produced. A stream's
 * first event counts at the first token and the rest evenly from there to the end, which is
 * exact while the backend decodes at a steady rate. A whole response shows no time between
 * its start and its end, and its start may be followed by a wait in the server's queue, so
 * its workload is spread over an estimate of its service time that ends at its end (see
 * {@link #attribute}). A window's figure is final only once every request that started before
 * the window's end has finished, since any of them may still add to it. Requests that start
 * later cannot.
 */
final class WindowedFold {

    private static final long BUCKET_NANOS = 1_000_000;
    // 16 s at 1 ms; each compaction doubles both. 128 KiB per measurement.
    private static final int BUCKETS = 16_384;

    private final long origin;
    private final WindowSettings settings;
    private final int firstGeneration;
    private final WorkloadTimeline timeline;
    // Request ends per bucket, compacted with the workload timeline because both receive
    // their latest time from the same request ends.
    private final WorkloadTimeline ends;
    private final RunAccumulator results = new RunAccumulator();
    // Start times of requests in flight, with a count for equal times: at most the
    // concurrency's worth of entries.
    private final TreeMap<Long, Integer> inFlight = new TreeMap<>();
    private long inFlightCount;
    private long registered;
    private int firstGenerationPending;
    private long firstGenerationDecoding;
    private long firstGenerationEnd;
    private double fastestTokenNanos = Double.POSITIVE_INFINITY;
    private double slowestTokenNanos;
    // The fastest service time per unit of workload of the whole responses so far.
    private double fastestNanosPerWorkload = Double.POSITIVE_INFINITY;
    // Whether the first successful request returned a whole response rather than a stream.
    private boolean wholeResponses;
    private long latencyNanos = -1;
    private long windowNanos = -1;
    private long rampNanos = -1;
    private long stopNanos = Long.MAX_VALUE;
    private WindowSummary summary = WindowSummary.ofLast(new double[0], 0, 2);
    private int finalWindows;
    private final long minWindowNanos;

    /**
     * Creates an empty fold.
     *
     * @param origin the engine clock at the measurement's start
     * @param settings the windows
     * @param firstGeneration the requests sent at the start, whose first tokens end a derived
     *        ramp
     */
    WindowedFold(long origin, WindowSettings settings, int firstGeneration) {
        this(origin, settings, firstGeneration, WindowSettings.MIN_DERIVED_WINDOW);
    }

    /**
     * Creates an empty fold whose derived windows are at least a given length.
     *
     * @param origin the engine clock at the measurement's start
     * @param settings the windows
     * @param firstGeneration the requests sent at the start, whose first tokens end a derived
     *        ramp
     * @param minWindow the shortest derived window; a window set in the settings is kept
     */
    WindowedFold(long origin, WindowSettings settings, int firstGeneration, Duration minWindow) {
        this.minWindowNanos = Math.max(WindowSettings.MIN_DERIVED_WINDOW.toNanos(),
                minWindow.toNanos());
        this.origin = origin;
        this.settings = settings;
        this.firstGeneration = firstGeneration;
        this.firstGenerationPending = firstGeneration;
        this.firstGenerationDecoding = origin;
        this.firstGenerationEnd = origin;
        this.timeline = new WorkloadTimeline(origin, BUCKET_NANOS, BUCKETS);
        this.ends = new WorkloadTimeline(origin, BUCKET_NANOS, BUCKETS);
        Duration ramp = settings.ramp();
        this.rampNanos = ramp == null ? -1 : ramp.toNanos();
    }

    /**
     * Creates the observer to send with one request.
     *
     * @return an observer that records inter-token latency
     */
    TokenObserver observer() {
        return results.observer();
    }

    /**
     * Registers a request about to be sent.
     *
     * @param now the engine clock, at or before the request's start
     * @return the ticket to pass to {@link #complete}
     */
    synchronized Ticket register(long now) {
        inFlight.merge(now, 1, Integer::sum);
        inFlightCount++;
        return new Ticket(now, registered++);
    }

    /**
     * Registers a request about to be sent unless a limit of requests is already in flight.
     *
     * @param now the engine clock, at or before the request's start
     * @param limit the most requests in flight
     * @return the ticket to pass to {@link #complete}, or null when the limit was reached
     */
    synchronized @Nullable Ticket tryRegister(long now, int limit) {
        return inFlightCount >= limit ? null : register(now);
    }

    /**
     * Adds a finished request and unregisters it.
     *
     * @param ticket the ticket from its registration
     * @param result its result
     */
    synchronized void complete(Ticket ticket, RequestResult result) {
        inFlight.computeIfPresent(ticket.registered(),
                (time, count) -> count == 1 ? null : count - 1);
        inFlightCount--;
        results.add(result);
        attribute(result);
        if (latencyNanos < 0 && result.succeeded()) {
            latencyNanos = Math.max(1, result.latencyNanos());
            wholeResponses = result.firstTokenNanos() < 0;
            // A whole response's workload is spread over its own service time, so windows
            // shorter than one latency lie inside the same requests and agree by construction.
            // A window at least one latency long contains a request end, as the sustained
            // rate does, and each window draws on requests that the one before it did not.
            double ratio = wholeResponses ? Math.max(1, settings.windowLatencyRatio())
                    : settings.windowLatencyRatio();
            Duration window = settings.window();
            windowNanos = window != null ? window.toNanos()
                    : Math.max(minWindowNanos, Math.round(ratio * latencyNanos));
        }
        if (ticket.order() < firstGeneration) {
            firstGenerationPending--;
            firstGenerationEnd = Math.max(firstGenerationEnd, result.endNanos());
            if (result.firstTokenNanos() >= 0) {
                firstGenerationDecoding = Math.max(firstGenerationDecoding,
                        result.firstTokenNanos());
            }
            if (result.succeeded() && result.firstTokenNanos() >= 0
                    && result.streamedTokens() >= 2) {
                double perToken = (double) (result.endNanos() - result.firstTokenNanos())
                        / (result.streamedTokens() - 1);
                fastestTokenNanos = Math.min(fastestTokenNanos, perToken);
                slowestTokenNanos = Math.max(slowestTokenNanos, perToken);
            }
        }
        if (rampNanos < 0 && latencyNanos > 0 && firstGenerationPending == 0) {
            // The batch is still filling until every first request has its first token, because
            // prompts are prefilled, or requests of a previous load still hold slots.
            rampNanos = Math.max(latencyNanos / 10, firstGenerationDecoding - origin);
            // When the first requests decoded at different speeds, the batch changed during
            // their lives, so spreading their work evenly misplaces it: early windows get work
            // done faster while the batch was small. Windows then start after them.
            if (slowestTokenNanos > fastestTokenNanos * (1 + settings.tolerance())) {
                rampNanos = Math.max(rampNanos, firstGenerationEnd - origin);
            }
        }
    }

    /**
     * Returns the requests registered and not finished.
     *
     * @return the count
     */
    synchronized long inFlight() {
        return inFlightCount;
    }

    /**
     * Returns the finished requests.
     *
     * @return the count
     */
    synchronized long requests() {
        return results.requests();
    }

    /**
     * Returns the failed requests.
     *
     * @return the count
     */
    synchronized long failed() {
        return results.failed();
    }

    /**
     * Marks the end of the measured period: windows that end later are not counted, because
     * fewer requests are in flight after it.
     *
     * @param now the engine clock
     */
    synchronized void stopAt(long now) {
        stopNanos = Math.min(stopNanos, now);
    }

    /**
     * Returns the number of windows that have ended by a time, 0 before the windows are known.
     *
     * @param now the engine clock
     * @return the count
     */
    synchronized int endedWindows(long now) {
        return windowsEndingBy(Math.min(now, stopNanos));
    }

    /**
     * Updates the summary of the final windows.
     *
     * @param now the engine clock
     * @return true when the number of final windows changed
     */
    synchronized boolean evaluate(long now) {
        long horizon = inFlight.isEmpty() ? now : inFlight.firstKey();
        int count = windowsEndingBy(Math.min(horizon, stopNanos));
        if (count == finalWindows) {
            return false;
        }
        finalWindows = count;
        summary = WindowSummary.ofLast(figures(count), count, settings.minWindows());
        if (wholeResponses && windowsWithEnds(count, summary.count()) < 2) {
            // Windows without a request end hold spread workload of requests that other
            // windows share, so they do not show how much the figure varies.
            summary = summary.withUnknownHalfWidth();
        }
        return true;
    }

    /**
     * Returns whether the last final windows agree within the tolerance.
     *
     * @return true when they cover at least {@code minWindows} windows and agree
     */
    synchronized boolean converged() {
        return summary.count() >= settings.minWindows()
                && summary.relativeHalfWidth() <= settings.tolerance();
    }

    /**
     * Creates the run result from the state at the last evaluation.
     *
     * @param index the run's number
     * @param concurrency the run's concurrency
     * @param end the engine clock at the run's end
     * @param stop why the measurement stopped
     * @param arrivals the arrival statistics of an open-loop run
     * @return the result
     */
    synchronized RunResult toRunResult(int index, int concurrency, long end,
            WindowStatistics.Stop stop, @Nullable ArrivalStatistics arrivals) {
        long bucket = timeline.bucketNanos();
        boolean known = windowNanos >= 0 && rampNanos >= 0;
        Duration window = Duration.ofNanos(known ? windowBuckets() * bucket : 0);
        Duration ramp = Duration.ofNanos(known ? rampBuckets() * bucket : 0);
        WindowStatistics windows = new WindowStatistics(window, ramp, finalWindows,
                summary.count(), summary.median(), summary.mean(), summary.min(), summary.max(),
                summary.halfWidth(), stop, inFlightCount);
        return results.toRunResult(index, concurrency, Duration.ofNanos(end - origin),
                Optional.of(windows), Optional.ofNullable(arrivals));
    }

    private void attribute(RequestResult result) {
        double workload = result.workload();
        if (!result.succeeded() || workload <= 0) {
            return;
        }
        ends.addPoint(result.endNanos(), 1);
        if (result.firstTokenNanos() < 0) {
            // A whole response may have waited in the server's queue before its work began,
            // and spreading its workload over that wait credits windows in which the server
            // was busy with other requests: the queued half of a first generation above the
            // slot count, or every request of an open-loop run above capacity. Its service
            // time is estimated as its workload at the fastest rate per unit of workload seen
            // in this measurement, and never longer than its latency. While requests of equal
            // length share a full batch, that is the service time itself.
            long latency = Math.max(1, result.endNanos() - result.startNanos());
            fastestNanosPerWorkload = Math.min(fastestNanosPerWorkload, latency / workload);
            long service = Math.min(latency, Math.round(workload * fastestNanosPerWorkload));
            timeline.addSpread(result.endNanos() - service, result.endNanos(), workload);
            return;
        }
        // The first event's tokens exist at the first token; the rest are produced after it.
        double first = workload / Math.max(1, result.streamedTokens());
        timeline.addPoint(result.firstTokenNanos(), first);
        timeline.addSpread(result.firstTokenNanos(), result.endNanos(), workload - first);
    }

    private long windowBuckets() {
        return Math.max(1, Math.round((double) windowNanos / timeline.bucketNanos()));
    }

    private long rampBuckets() {
        long bucket = timeline.bucketNanos();
        return (rampNanos + bucket - 1) / bucket;
    }

    private int windowsEndingBy(long limit) {
        if (windowNanos < 0 || rampNanos < 0 || limit <= origin) {
            return 0;
        }
        // Windows past the timeline's last bucket are not counted until it compacts.
        long end = Math.min((limit - origin) / timeline.bucketNanos(), BUCKETS);
        long buckets = end - rampBuckets();
        return buckets <= 0 ? 0 : (int) (buckets / windowBuckets());
    }

    /** Counts the last {@code last} of {@code count} windows that contain a request end. */
    private int windowsWithEnds(int count, int last) {
        long width = windowBuckets();
        long first = rampBuckets();
        int withEnds = 0;
        for (int i = count - last; i < count; i++) {
            int from = (int) (first + i * width);
            if (ends.sum(from, (int) (from + width)) > 0) {
                withEnds++;
            }
        }
        return withEnds;
    }

    private double[] figures(int count) {
        long width = windowBuckets();
        long first = rampBuckets();
        double seconds = width * timeline.bucketNanos() / 1e9;
        double[] figures = new double[count];
        for (int i = 0; i < count; i++) {
            int from = (int) (first + i * width);
            figures[i] = timeline.sum(from, (int) (from + width)) / seconds;
        }
        return figures;
    }

    /**
     * A registered request.
     *
     * @param registered the engine clock at registration
     * @param order the number of requests registered before it
     */
    record Ticket(long registered, long order) {
    }
}
