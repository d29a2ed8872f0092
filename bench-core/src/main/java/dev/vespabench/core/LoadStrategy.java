package dev.vespabench.core;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import reactor.core.publisher.Flux;

/**
 * A load pattern: how many requests to send, when, and how to group their results into runs.
 */
public interface LoadStrategy {

    /**
     * Returns the strategy's name for reports, such as {@code fixed}.
     *
     * @return the name
     */
    String name();

    /**
     * Returns the settings that shape this strategy's figure, as stable text for reports and
     * cache fingerprints: two strategies with equal settings measure the same thing. A seed
     * that only varies the arrival times is left out.
     *
     * @return the settings by snake-case name, in a fixed order; by default none, so a
     *         strategy that has settings must list them for its cached figures to be distinguished
     */
    default Map<String, String> settings() {
        return Map.of();
    }

    /**
     * Returns the runs of this strategy, sending requests through the context. The Flux is cold:
     * each subscription measures again.
     *
     * @param context the engine's request sender and clock
     * @return the runs in the order they finish
     */
    Flux<RunResult> execute(LoadContext context);

    /**
     * Reduces the finished runs to the benchmark figure. By default the run with the highest
     * throughput, as the compatibility protocol defines.
     *
     * @param runs the finished runs in order, possibly cut short by the deadline
     * @return the chosen run and the figure
     */
    default Selection select(List<RunResult> runs) {
        return Selection.maxThroughput(runs);
    }

    /**
     * Returns the most requests this strategy keeps in flight, so that the engine sizes its
     * connection pool to match.
     *
     * @return the bound, or empty to size the pool from the settings' concurrency
     */
    default OptionalInt maxRequestsInFlight() {
        return OptionalInt.empty();
    }
}
