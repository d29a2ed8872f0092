package dev.vespabench.core;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import dev.vespabench.api.WorkloadSource;

/**
 * One measured run: its requests folded into throughput, failures and latency. For a wave the
 * throughput is the workload over the run's wall time; for a steady measurement it is the
 * median of its windows.
 *
 * @param index the run's number, from 1
 * @param concurrency the requests in flight during the run; for an open-loop run, the most
 *        that were allowed
 * @param requests the requests finished in the run
 * @param succeeded the requests that did their work
 * @param workload the work of the successful requests
 * @param duration the run's wall time
 * @param failures failed requests by cause, such as {@code http_status:503}
 * @param workloadSources where the successful requests' workload figures came from
 * @param latency end-to-end latency of successful requests
 * @param timeToFirstToken time to first token of successful streamed requests
 * @param interTokenLatency time between consecutive token events of streamed requests
 * @param timePerOutputToken {@code (end - first token) / (tokens - 1)} of successful streamed
 *        requests with at least two tokens
 * @param windows the windows of a steady measurement, empty for a wave
 * @param arrivals the arrivals of an open-loop run, empty otherwise
 */
public record RunResult(int index, int concurrency, long requests, long succeeded,
        double workload, Duration duration, Map<String, Long> failures,
        Set<WorkloadSource> workloadSources, LatencySummary latency,
        LatencySummary timeToFirstToken, LatencySummary interTokenLatency,
        LatencySummary timePerOutputToken, Optional<WindowStatistics> windows,
        Optional<ArrivalStatistics> arrivals) {

    /**
     * The largest share of failed requests a run may have and still count as reliable. A run
     * above it measured a server that refused or lost much of its load, so its figure shows
     * little about what the server sustains.
     */
    public static final double MAX_RELIABLE_FAILURE_RATE = 0.1;

    /** Creates a run result, copying the collections. */
    public RunResult {
        Objects.requireNonNull(duration, "duration");
        failures = Map.copyOf(failures);
        workloadSources = Set.copyOf(workloadSources);
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(timeToFirstToken, "timeToFirstToken");
        Objects.requireNonNull(interTokenLatency, "interTokenLatency");
        Objects.requireNonNull(timePerOutputToken, "timePerOutputToken");
        Objects.requireNonNull(windows, "windows");
        Objects.requireNonNull(arrivals, "arrivals");
    }

    /**
     * Creates the result of a wave, without stream timing, windows or arrivals.
     *
     * @param index the run's number, from 1
     * @param concurrency the requests in flight during the run
     * @param requests the requests finished in the run
     * @param succeeded the requests that did their work
     * @param workload the work of the successful requests
     * @param duration the run's wall time
     * @param failures failed requests by cause
     * @param workloadSources where the workload figures came from
     * @param latency end-to-end latency of successful requests
     * @param timeToFirstToken time to first token of successful streamed requests
     */
    public RunResult(int index, int concurrency, long requests, long succeeded, double workload,
            Duration duration, Map<String, Long> failures, Set<WorkloadSource> workloadSources,
            LatencySummary latency, LatencySummary timeToFirstToken) {
        this(index, concurrency, requests, succeeded, workload, duration, failures,
                workloadSources, latency, timeToFirstToken, LatencySummary.empty(),
                LatencySummary.empty(), Optional.empty(), Optional.empty());
    }

    /**
     * Returns the run's throughput: the median window figure of a steady measurement with at
     * least one final window, else the workload of successful requests per second of wall time.
     *
     * @return workload/s, 0 for an empty run
     */
    public double throughput() {
        if (windows.isPresent() && windows.get().count() > 0) {
            return windows.get().median();
        }
        long nanos = duration.toNanos();
        return nanos <= 0 ? 0 : workload * 1e9 / nanos;
    }

    /**
     * Returns the number of failed requests.
     *
     * @return the count
     */
    public long failed() {
        return requests - succeeded;
    }

    /**
     * Returns the requests still in flight when a steady measurement stopped, which were
     * cancelled and are not among {@link #requests()}: they started after the last counted
     * window, so their outcome could not change the figure.
     *
     * @return the count, 0 for a wave or an open-loop run
     */
    public long cancelled() {
        return windows.map(WindowStatistics::cancelled).orElse(0L);
    }

    /**
     * Returns the share of requests that failed.
     *
     * @return a fraction from 0 to 1
     */
    public double failureRate() {
        return requests == 0 ? 0 : (double) failed() / requests;
    }

    /**
     * Returns whether more than {@link #MAX_RELIABLE_FAILURE_RATE} of the run's requests failed.
     *
     * @return true when the run is unreliable
     */
    public boolean unreliable() {
        return failureRate() > MAX_RELIABLE_FAILURE_RATE;
    }

    /**
     * Returns whether any workload figure was estimated rather than reported or counted.
     *
     * @return true when a request fell back to its requested amount
     */
    public boolean workloadEstimated() {
        return workloadSources.contains(WorkloadSource.ESTIMATED);
    }
}
