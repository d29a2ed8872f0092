package dev.vespabench.sim;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * The faults drawn for one generation request.
 *
 * @param fault the per-request fault, or null for none
 * @param position a uniform number in [0, 1) that places a cut inside the response
 * @param delay the slow-start delay before the request enters the queue, zero for none
 */
record RequestFault(@Nullable Fault fault, double position, Duration delay) {

    /** A request without faults. */
    static final RequestFault NONE = new RequestFault(null, 0, Duration.ZERO);

    /** Returns whether the request gets the given per-request fault. */
    boolean is(Fault kind) {
        return fault == kind;
    }

    /**
     * Returns the number of whole token steps sent before a cut: from 1 to {@code tokens - 1}
     * when the response has at least two tokens, so that the client receives the start of the
     * stream and never its end, and 0 for a one-token response.
     *
     * @param tokens the number of tokens of the response
     * @return the number of steps before the cut
     */
    int cutTokens(int tokens) {
        if (tokens < 2) {
            return 0;
        }
        int cut = (int) (position * tokens);
        return Math.max(1, Math.min(tokens - 1, cut));
    }
}
