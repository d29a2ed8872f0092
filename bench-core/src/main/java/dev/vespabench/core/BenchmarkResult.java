package dev.vespabench.core;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

import dev.vespabench.api.BackendInfo;

/**
 * The outcome of a benchmark: the figure for the autoscaler and everything behind it.
 *
 * @param value the throughput in workload/s: the selected run's, or the fallback figure
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
 * @param selectedRun the index of the run the value comes from, empty for a fallback
 * @param selection how the strategy chose that run, or why it chose none
 */
public record BenchmarkResult(double value, Status status, String reason, BackendInfo backend,
        String strategy, List<RunResult> runs, Map<String, Long> failures,
        boolean workloadEstimated, boolean deadlineReached, List<String> notes,
        Duration elapsed, OptionalInt selectedRun, String selection) {

    /** The figure reported when nothing could be measured, as the old contract defines. */
    public static final double FALLBACK_VALUE = 1.0;

    /** Whether a result was measured. */
    public enum Status {
        /** The strategy selected a run with successful work; the value is its throughput. */
        MEASURED,
        /** No run qualified; the value is {@link #FALLBACK_VALUE} and the reason says why. */
        FALLBACK,
        /**
         * A stop signal ended the benchmark early; the value comes from the runs that finished,
         * or is {@link #FALLBACK_VALUE} when none qualified, and must not be cached.
         */
        PARTIAL
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
        Objects.requireNonNull(selectedRun, "selectedRun");
        Objects.requireNonNull(selection, "selection");
    }

    /**
     * Creates a result whose value is the highest run throughput, as the compatibility protocol
     * selects it.
     *
     * @param value the throughput in workload/s, or the fallback figure
     * @param status whether the value was measured or is the fallback
     * @param reason why the value is a fallback, or an empty string
     * @param backend what the backend reported
     * @param strategy the load strategy's name
     * @param runs every finished run in order
     * @param failures failed requests by cause
     * @param workloadEstimated whether any workload figure was estimated
     * @param deadlineReached whether the deadline stopped measurement early
     * @param notes remarks for the user
     * @param elapsed the benchmark's wall time
     */
    public BenchmarkResult(double value, Status status, String reason, BackendInfo backend,
            String strategy, List<RunResult> runs, Map<String, Long> failures,
            boolean workloadEstimated, boolean deadlineReached, List<String> notes,
            Duration elapsed) {
        this(value, status, reason, backend, strategy, runs, failures, workloadEstimated,
                deadlineReached, notes, elapsed, selectedIndex(status, runs),
                Selection.maxThroughput(runs).rule());
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
     * @return the selected run, else the run with the highest throughput, if any run succeeded
     */
    public Optional<RunResult> bestRun() {
        if (selectedRun.isPresent()) {
            int index = selectedRun.getAsInt();
            return runs.stream().filter(run -> run.index() == index).findFirst();
        }
        return runs.stream()
                .filter(run -> run.succeeded() > 0)
                .max((a, b) -> Double.compare(a.throughput(), b.throughput()));
    }

    /**
     * Returns whether the value was measured on an unreliable run, one in which more than
     * {@link RunResult#MAX_RELIABLE_FAILURE_RATE} of the requests failed, because no reliable
     * run succeeded.
     *
     * @return true for a measured value from an unreliable run
     */
    public boolean unreliable() {
        return measured() && bestRun().map(RunResult::unreliable).orElse(false);
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

    /**
     * Returns the number of requests cancelled in flight when steady measurements stopped,
     * over all runs; they are not among {@link #requests()}.
     *
     * @return the count
     */
    public long cancelled() {
        return runs.stream().mapToLong(RunResult::cancelled).sum();
    }

    private static OptionalInt selectedIndex(Status status, List<RunResult> runs) {
        return status == Status.MEASURED ? Selection.maxThroughput(runs).run() : OptionalInt.empty();
    }
}
