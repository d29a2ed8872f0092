package dev.vespabench.core;

import java.util.OptionalInt;

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
     * Creates one measured request whose stream events are passed to an observer as they
     * arrive. Contexts that cannot observe streams ignore the observer.
     *
     * @param observer the receiver of this request's token events
     * @return the result
     */
    default Mono<RequestResult> send(TokenObserver observer) {
        return send();
    }

    /**
     * Returns the concurrency limit the backend publishes, such as TGI's
     * {@code max_concurrent_requests}, so that a search does not go past it.
     *
     * @return the limit, or empty when the backend publishes none
     */
    default OptionalInt maxConcurrentRequests() {
        return OptionalInt.empty();
    }

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
