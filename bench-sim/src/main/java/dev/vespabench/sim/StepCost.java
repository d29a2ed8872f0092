package dev.vespabench.sim;

/**
 * The cost model of a continuous-batching server: a decoding step with {@code n} active
 * sequences takes {@code base + k*n} milliseconds and produces one token per sequence, and at
 * most {@code slots} sequences are active at once.
 *
 * <p>The scheduler times its steps with {@link #stepNanos(int)}, and the analytic figures come
 * from {@link #throughput(int)}, so both use the same formula.
 *
 * @param slots the maximum number of active sequences
 * @param baseMillis the fixed cost of one step, in milliseconds
 * @param perSequenceMillis the added cost of each active sequence in a step, in milliseconds
 */
record StepCost(int slots, double baseMillis, double perSequenceMillis) {

    /** Returns the duration of a step with {@code active} sequences, in milliseconds. */
    double stepMillis(int active) {
        return baseMillis + perSequenceMillis * active;
    }

    /** Returns the duration of a step with {@code active} sequences, in nanoseconds. */
    long stepNanos(int active) {
        return Math.round(stepMillis(active) * 1_000_000.0);
    }

    /**
     * Returns the tokens per second when {@code min(concurrency, slots)} sequences are active in
     * every step: {@code min(c,S) * 1000 / (base + k*min(c,S))}.
     *
     * <p>Clients that send a new request when one finishes reach slightly less, because a new
     * request waits for the next step boundary to enter a slot.
     */
    double throughput(int concurrency) {
        int active = Math.min(concurrency, slots);
        return active * 1000.0 / stepMillis(active);
    }

    /** Returns the throughput with every slot busy, the highest this model reaches. */
    double capacity() {
        return throughput(slots);
    }
}
