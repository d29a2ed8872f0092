package dev.vespabench.core;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import dev.vespabench.api.BackendInfo;

/**
 * The outcome of a benchmark: the figure for the autoscaler and everything behind it.
 *
 * @param value the throughput in workload/s: the best run's, or the fallback figure
 * @param status whether the value was measured or is the fallback
 * @param reason why the value is a fallback, or an empty string when it was measured
 * @param backend what the backend reported about itself and the server
 * @param strategy the load strategy's name
 * @param runs every finished run in order
 * @param failures failed requests of all runs by cause
 * @param workloadEstimated whether any workload figure fell back to the requested amount
 * @param deadlineReached whether the benchmark deadline stopped measurement early
 * @param notes remarks for the user, such as a failed warm-up
 * @param elapsed the benchmark's wall time
 */
public record BenchmarkResult(double value, Status status, String reason, BackendInfo backend,
        String strategy, List<RunResult> runs, Map<String, Long> failures,
        boolean workloadEstimated, boolean deadlineReached, List<String> notes,
        Duration elapsed) {

    /** The figure reported when nothing could be measured, as the old contract defines. */
    public static final double FALLBACK_VALUE = 1.0;

    /** Whether a result was measured. */
    public enum Status {
        /** At least one run did successful work; the value is the best run's throughput. */
        MEASURED,
        /** No run did successful work; the value is {@link #FALLBACK_VALUE}. */
        FALLBACK
    }

    /** Creates a result, copying the collections. */
    public BenchmarkResult {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(strategy, "strategy");
        runs = List.copyOf(runs);
        failures = Map.copyOf(failures);
        notes = List.copyOf(notes);
        Objects.requireNonNull(elapsed, "elapsed");
    }

    /**
     * Returns whether the value was measured rather than the fallback.
     *
     * @return true when measured
     */
    public boolean measured() {
        return status == Status.MEASURED;
    }

    /**
     * Returns the run the value comes from.
     *
     * @return the run with the highest throughput, if any run succeeded
     */
    public Optional<RunResult> bestRun() {
        return runs.stream()
                .filter(run -> run.succeeded() > 0)
                .max((a, b) -> Double.compare(a.throughput(), b.throughput()));
    }

    /**
     * Returns the number of requests over all runs.
     *
     * @return the count
     */
    public long requests() {
        return runs.stream().mapToLong(RunResult::requests).sum();
    }

    /**
     * Returns the number of failed requests over all runs.
     *
     * @return the count
     */
    public long failed() {
        return runs.stream().mapToLong(RunResult::failed).sum();
    }
}
