package dev.vespabench.core;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * The reduction of a strategy's runs to the benchmark figure: which run the value comes from
 * and by what rule.
 *
 * @param run the index of the chosen run, or empty when no run qualifies
 * @param value the figure in workload/s, 0 when no run qualifies
 * @param rule a sentence stating how the run was chosen, or why none was
 */
public record Selection(OptionalInt run, double value, String rule) {

    /** Creates a selection, checking that the value is a finite number >= 0. */
    public Selection {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(rule, "rule");
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("value must be a finite number >= 0, got " + value);
        }
    }

    /**
     * Creates a selection of one run.
     *
     * @param run the chosen run
     * @param rule how it was chosen
     * @return the selection, whose value is the run's throughput
     */
    public static Selection of(RunResult run, String rule) {
        return new Selection(OptionalInt.of(run.index()), run.throughput(), rule);
    }

    /**
     * Creates a selection that chose no run.
     *
     * @param reason why no run qualifies
     * @return the selection
     */
    public static Selection none(String reason) {
        return new Selection(OptionalInt.empty(), 0, reason);
    }

    /**
     * Selects the run with the highest throughput among runs with a successful request, the
     * rule of the compatibility protocol, preferring reliable runs: an unreliable run (see
     * {@link RunResult#unreliable()}) is chosen only when no reliable run succeeded, and the
     * rule then states it.
     *
     * @param runs the runs
     * @return the selection
     */
    public static Selection maxThroughput(List<RunResult> runs) {
        List<RunResult> succeeded = runs.stream().filter(run -> run.succeeded() > 0).toList();
        if (succeeded.isEmpty()) {
            return none("no run had a successful request");
        }
        List<RunResult> reliable = succeeded.stream().filter(run -> !run.unreliable()).toList();
        String limit = Math.round(RunResult.MAX_RELIABLE_FAILURE_RATE * 100) + "%";
        if (reliable.isEmpty()) {
            return of(best(succeeded), highest(runs)
                    + "; every run failed more than " + limit + " of its requests, so the"
                    + " figure is unreliable");
        }
        int skipped = succeeded.size() - reliable.size();
        return of(best(reliable), highest(runs)
                + (skipped == 0 ? "" : ", skipping " + count(skipped) + " that failed more than "
                        + limit + (skipped == 1 ? " of its requests" : " of their requests")));
    }

    private static RunResult best(List<RunResult> runs) {
        return runs.stream().max(Comparator.comparingDouble(RunResult::throughput)).orElseThrow();
    }

    private static String highest(List<RunResult> runs) {
        return runs.size() == 1 ? "the throughput of the only run"
                : "the highest throughput of " + runs.size() + " runs";
    }

    private static String count(int runs) {
        return runs == 1 ? "1 run" : runs + " runs";
    }
}
