package dev.vespabench.core.internal;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.TreeMap;

import dev.vespabench.api.Outcome;
import dev.vespabench.api.WorkloadSource;
import dev.vespabench.core.LatencySummary;
import dev.vespabench.core.RequestResult;
import dev.vespabench.core.RunResult;
import org.HdrHistogram.Histogram;

/**
 * The mutable fold of request results into a {@link RunResult}. Memory stays constant however
 * many requests are added: counts, sums and two histograms. Not thread-safe; a Reactor
 * {@code reduce} or {@code collect} calls it serially.
 */
public final class RunAccumulator {

    /** Latencies up to one hour in microseconds, at three significant digits. */
    private static final long MAX_MICROS = 3_600_000_000L;

    private final Histogram latency = new Histogram(MAX_MICROS, 3);
    private final Histogram firstToken = new Histogram(MAX_MICROS, 3);
    private final TreeMap<String, Long> failures = new TreeMap<>();
    private final Set<WorkloadSource> sources = EnumSet.noneOf(WorkloadSource.class);
    private long requests;
    private long succeeded;
    private double workload;

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
     * Creates the run result.
     *
     * @param index the run's number
     * @param concurrency the run's concurrency
     * @param duration the run's wall time
     * @return the result
     */
    public RunResult toRunResult(int index, int concurrency, Duration duration) {
        return new RunResult(index, concurrency, requests, succeeded, workload, duration,
                failures, sources, LatencySummary.of(latency), LatencySummary.of(firstToken));
    }

    private static long clampMicros(long nanos) {
        return Math.max(0, Math.min(MAX_MICROS, nanos / 1000));
    }
}
