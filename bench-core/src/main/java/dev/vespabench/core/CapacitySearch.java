package dev.vespabench.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The state of one capacity search: the levels measured so far and the next concurrency. Its
 * memory is one summary per level, and there are at most about {@code log2(limit)} plus the
 * bisection levels.
 */
final class CapacitySearch {

    private enum Mode {
        /** Doubling the concurrency. */
        DOUBLING,
        /** Bisecting for the highest sustainable concurrency below an unsustainable one. */
        BELOW_UNSUSTAINABLE,
        /** Bisecting for the lowest concurrency within the least gain of the plateau. */
        KNEE,
        /** The search has ended. */
        DONE
    }

    private final CapacityStrategy strategy;
    private final int limit;
    private final List<RunResult> levels = new ArrayList<>();
    private Mode mode = Mode.DOUBLING;
    private int lower;
    private int upper;
    private int steps;
    private double plateau;
    private int index;

    CapacitySearch(CapacityStrategy strategy, int limit) {
        this.strategy = strategy;
        this.limit = limit;
    }

    int first() {
        return Math.min(strategy.start(), limit);
    }

    int nextIndex() {
        return ++index;
    }

    /**
     * Records a finished level and returns the next concurrency.
     *
     * @param run the level
     * @return the next concurrency, or empty when the search has ended
     */
    OptionalInt next(RunResult run) {
        levels.add(run);
        return switch (mode) {
            case DOUBLING -> afterDoubling(run);
            case BELOW_UNSUSTAINABLE, KNEE -> afterBisecting(run);
            case DONE -> OptionalInt.empty();
        };
    }

    private OptionalInt afterDoubling(RunResult run) {
        int concurrency = run.concurrency();
        if (strategy.problem(run) != null) {
            Optional<RunResult> below = highest(sustainableBelow(concurrency));
            if (below.isEmpty()) {
                return done();
            }
            mode = Mode.BELOW_UNSUSTAINABLE;
            lower = below.get().concurrency();
            upper = concurrency;
            return bisect();
        }
        Optional<RunResult> previousBest = sustainableBelow(concurrency).stream()
                .max(Comparator.comparingDouble(RunResult::throughput));
        if (previousBest.isPresent()
                && run.throughput() < previousBest.get().throughput() * (1 + strategy.minGain())) {
            RunResult peak = previousBest.get();
            Optional<RunResult> belowPeak = highest(levels.stream()
                    .filter(level -> level.concurrency() < peak.concurrency()).toList());
            if (belowPeak.isEmpty()) {
                return done();
            }
            mode = Mode.KNEE;
            plateau = Math.max(peak.throughput(), run.throughput());
            lower = belowPeak.get().concurrency();
            upper = peak.concurrency();
            return bisect();
        }
        if (concurrency >= limit) {
            return done();
        }
        return OptionalInt.of((int) Math.min(limit, 2L * concurrency));
    }

    private OptionalInt afterBisecting(RunResult run) {
        boolean sustainable = strategy.problem(run) == null;
        if (mode == Mode.BELOW_UNSUSTAINABLE) {
            if (sustainable) {
                lower = run.concurrency();
            } else {
                upper = run.concurrency();
            }
        } else if (sustainable && run.throughput() * (1 + strategy.minGain()) >= plateau) {
            upper = run.concurrency();
        } else {
            lower = run.concurrency();
        }
        return bisect();
    }

    private OptionalInt bisect() {
        int middle = lower + (upper - lower) / 2;
        if (steps >= strategy.refineSteps() || middle <= lower || middle >= upper) {
            return done();
        }
        steps++;
        return OptionalInt.of(middle);
    }

    private OptionalInt done() {
        mode = Mode.DONE;
        return OptionalInt.empty();
    }

    private List<RunResult> sustainableBelow(int concurrency) {
        return levels.stream()
                .filter(level -> level.concurrency() < concurrency)
                .filter(level -> strategy.problem(level) == null)
                .toList();
    }

    private static Optional<RunResult> highest(List<RunResult> runs) {
        return runs.stream().max(Comparator.comparingInt(RunResult::concurrency));
    }
}
