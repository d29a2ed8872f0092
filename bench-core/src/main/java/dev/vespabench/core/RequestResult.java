package dev.vespabench.core;

import java.util.Objects;

import dev.vespabench.api.Outcome;

/**
 * The measured result of one request, follow-ups included.
 *
 * @param sequence the request's number within the benchmark
 * @param outcome a {@link Outcome.Completed} or {@link Outcome.Failed}, never a follow-up
 * @param startNanos the engine clock when the request was sent
 * @param endNanos the engine clock when its outcome was known
 * @param firstTokenNanos the engine clock at the first event carrying tokens, or -1
 * @param streamedTokens the tokens counted from stream events, 0 for whole bodies
 */
public record RequestResult(long sequence, Outcome outcome, long startNanos, long endNanos,
        long firstTokenNanos, long streamedTokens) {

    /** Creates a result, rejecting follow-up outcomes. */
    public RequestResult {
        Objects.requireNonNull(outcome, "outcome");
        if (outcome instanceof Outcome.FollowUp) {
            throw new IllegalArgumentException("a request result cannot be a follow-up");
        }
    }

    /**
     * Returns whether the request did its work.
     *
     * @return true for a completed outcome
     */
    public boolean succeeded() {
        return outcome instanceof Outcome.Completed;
    }

    /**
     * Returns the work done, 0 for a failed request.
     *
     * @return the workload
     */
    public double workload() {
        return outcome instanceof Outcome.Completed done ? done.workload() : 0;
    }

    /**
     * Returns the time from sending to the outcome.
     *
     * @return nanoseconds
     */
    public long latencyNanos() {
        return endNanos - startNanos;
    }

    /**
     * Returns the time to the first token, or -1 when the response was not streamed.
     *
     * @return nanoseconds or -1
     */
    public long timeToFirstTokenNanos() {
        return firstTokenNanos < 0 ? -1 : firstTokenNanos - startNanos;
    }
}
