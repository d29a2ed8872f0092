package dev.vespabench.core.internal;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import dev.vespabench.api.Outcome;
import dev.vespabench.api.WorkloadSource;
import dev.vespabench.core.ArrivalStatistics;
import dev.vespabench.core.LatencySummary;
import dev.vespabench.core.RequestResult;
import dev.vespabench.core.RunResult;
import dev.vespabench.core.TokenObserver;
import dev.vespabench.core.WindowStatistics;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The mutable fold of request results into a {@link RunResult}. Memory stays constant however
 * many requests are added: counts, sums and histograms. {@link #add} is not thread-safe, so a
 * Reactor {@code reduce} or a serialized {@code doOnNext} calls it; the observers from
 * {@link #observer()} may record from any thread, because they write to an HdrHistogram
 * {@link Recorder}.
 */
public final class RunAccumulator {

    /** Latencies up to one hour in microseconds, at three significant digits. */
    private static final long MAX_MICROS = 3_600_000_000L;

    private final Histogram latency = new Histogram(MAX_MICROS, 3);
    private final Histogram firstToken = new Histogram(MAX_MICROS, 3);
    private final Histogram perOutputToken = new Histogram(MAX_MICROS, 3);
    private final Recorder interToken = new Recorder(MAX_MICROS, 3);
    private final TreeMap<String, Long> failures = new TreeMap<>();
    private final Set<WorkloadSource> sources = EnumSet.noneOf(WorkloadSource.class);
    private long requests;
    private long succeeded;
    private double workload;

    /**
     * Creates an observer for one request that records the time between its token events.
     *
     * @return a new observer, to pass with exactly one request
     */
    public TokenObserver observer() {
        return new InterTokenObserver(interToken);
    }

    /**
     * Adds one request result.
     *
     * @param result the result
     * @return this accumulator
     */
    public RunAccumulator add(RequestResult result) {
        requests++;
        if (result.outcome() instanceof Outcome.Completed done) {
            succeeded++;
            workload += done.workload();
            sources.add(done.source());
            latency.recordValue(clampMicros(result.latencyNanos()));
            long ttft = result.timeToFirstTokenNanos();
            if (ttft >= 0) {
                firstToken.recordValue(clampMicros(ttft));
                recordTimePerOutputToken(result, done);
            }
        } else if (result.outcome() instanceof Outcome.Failed failed) {
            failures.merge(failed.cause(), 1L, Long::sum);
        }
        return this;
    }

    /**
     * Returns the number of requests added so far.
     *
     * @return the count
     */
    public long requests() {
        return requests;
    }

    /**
     * Returns the number of failed requests added so far.
     *
     * @return the count
     */
    public long failed() {
        return requests - succeeded;
    }

    /**
     * Returns the latency summary of the successful requests added so far.
     *
     * @return the summary
     */
    public LatencySummary latency() {
        return LatencySummary.of(latency);
    }

    /**
     * Creates the result of a wave.
     *
     * @param index the run's number
     * @param concurrency the run's concurrency
     * @param duration the run's wall time
     * @return the result
     */
    public RunResult toRunResult(int index, int concurrency, Duration duration) {
        return toRunResult(index, concurrency, duration, Optional.empty(), Optional.empty());
    }

    /**
     * Creates the result of a run with windows or arrivals. Call it once, after the last
     * request has finished, because it takes the inter-token latencies recorded so far.
     *
     * @param index the run's number
     * @param concurrency the run's concurrency
     * @param duration the run's wall time
     * @param windows the window statistics, if the run had windows
     * @param arrivals the arrival statistics, if the run was open-loop
     * @return the result
     */
    public RunResult toRunResult(int index, int concurrency, Duration duration,
            Optional<WindowStatistics> windows, Optional<ArrivalStatistics> arrivals) {
        return new RunResult(index, concurrency, requests, succeeded, workload, duration,
                failures, sources, LatencySummary.of(latency), LatencySummary.of(firstToken),
                LatencySummary.of(interToken.getIntervalHistogram()),
                LatencySummary.of(perOutputToken), windows, arrivals);
    }

    /**
     * Records {@code (end - first token) / (tokens - 1)}. Where the workload is a token count,
     * reported or counted, it is the token count, because a server may put several tokens in
     * one event. Otherwise the count of tokens seen in events is used.
     */
    private void recordTimePerOutputToken(RequestResult result, Outcome.Completed done) {
        boolean tokensAreWorkload = done.source() == WorkloadSource.REPORTED
                || done.source() == WorkloadSource.COUNTED;
        double tokens = tokensAreWorkload ? done.workload() : result.streamedTokens();
        if (tokens >= 2) {
            long decodeNanos = result.endNanos() - result.firstTokenNanos();
            perOutputToken.recordValue(clampMicros(Math.round(decodeNanos / (tokens - 1))));
        }
    }

    private static long clampMicros(long nanos) {
        return Math.max(0, Math.min(MAX_MICROS, nanos / 1000));
    }

    /** The inter-token state of one request: the time of its previous token event. */
    private static final class InterTokenObserver implements TokenObserver {
        private final Recorder recorder;
        private long previousNanos = -1;

        InterTokenObserver(Recorder recorder) {
            this.recorder = recorder;
        }

        @Override
        public void onTokens(long nanos, int tokens) {
            if (previousNanos >= 0) {
                recorder.recordValue(clampMicros(nanos - previousNanos));
            }
            previousNanos = nanos;
        }
    }
}
