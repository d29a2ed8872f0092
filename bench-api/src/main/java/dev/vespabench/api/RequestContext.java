package dev.vespabench.api;

import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The engine's context for creating one request.
 *
 * @param sequence the request's number within the benchmark, from 0
 * @param requestId a unique identifier the backend may send to the server
 * @param random a random source for prompts and seeds, seeded by the engine
 */
public record RequestContext(long sequence, String requestId, RandomGenerator random) {

    /** Creates a context. */
    public RequestContext {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(random, "random");
    }
}
