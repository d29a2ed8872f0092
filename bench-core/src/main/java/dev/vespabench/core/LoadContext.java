package dev.vespabench.core;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/** What the engine gives a {@link LoadStrategy}: a request sender, a clock and a scheduler. */
public interface LoadContext {

    /**
     * Creates one measured request of the backend, sent on subscription. The Mono never
     * signals an error; failures are results.
     *
     * @return the result
     */
    Mono<RequestResult> send();

    /**
     * Returns the engine clock.
     *
     * @return nanoseconds from an arbitrary origin
     */
    long nanoTime();

    /**
     * Returns the scheduler for delays and windows.
     *
     * @return the scheduler
     */
    Scheduler scheduler();
}
