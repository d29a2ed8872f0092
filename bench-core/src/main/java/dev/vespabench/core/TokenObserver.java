package dev.vespabench.core;

/**
 * A receiver of the token events of one streamed request, such as a recorder of inter-token
 * latency. The engine calls it from I/O threads, one call at a time for a given request, so an
 * observer keeps the state of one request and writes shared figures only through thread-safe
 * recorders.
 */
@FunctionalInterface
public interface TokenObserver {

    /** An observer that ignores every event. */
    TokenObserver NONE = (nanos, tokens) -> { };

    /**
     * Receives one stream event that carried output tokens.
     *
     * @param nanos the engine clock when the event was parsed
     * @param tokens the tokens the event carried, at least 1
     */
    void onTokens(long nanos, int tokens);
}
