package dev.vespabench.core;

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
     * Returns the runs of this strategy, sending requests through the context. The Flux is cold:
     * each subscription measures again.
     *
     * @param context the engine's request sender and clock
     * @return the runs in the order they finish
     */
    Flux<RunResult> execute(LoadContext context);
}
