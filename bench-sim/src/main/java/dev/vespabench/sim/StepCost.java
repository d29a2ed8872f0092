package dev.vespabench.sim;

/**
 * The cost model of a continuous-batching server: a decoding step with {@code n} active
 * sequences takes {@code base + k*n} milliseconds and produces one token per sequence, and at
 * most {@code slots} sequences are active at once.
 *
 * <p>The scheduler times its steps with {@link #stepNanos(int)}, and the analytic figures come
 * from {@link #throughput(int)} and {@link #burstNanos(int, int)}, so all use the same formula.
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

    /**
     * Returns the makespan of a burst: {@code requests} sequences of {@code length} tokens each,
     * all queued before the first step, from the start of the first step to the end of the
     * last, in nanoseconds as the scheduler times its steps.
     *
     * <p>The scheduler admits queued sequences in FIFO order into free slots at step
     * boundaries, and sequences of equal length that start together also finish together. So
     * the burst runs in waves: {@code requests / slots} full waves, then one wave of the
     * remaining {@code requests % slots} sequences, if any. A wave of {@code n} sequences takes
     * {@code length} steps of {@code base + k*n}. There is no prefill step: a sequence's first
     * token ends its first step, whatever the prompt length.
     *
     * @param requests the sequences of the burst, at least 1
     * @param length the tokens of each sequence, at least 1
     * @return the makespan in nanoseconds, as a double because it can exceed a long
     */
    double burstNanos(int requests, int length) {
        return (double) length * waveStepNanos(requests);
    }

    /**
     * Returns the tokens per second of a burst of {@code requests} equal sequences:
     * {@code requests * length} over the makespan of {@link #burstNanos(int, int)}. The length
     * cancels out, so the figure is the same for every length.
     *
     * <p>It equals {@link #throughput(int)} when {@code requests} is at most {@code slots} or a
     * multiple of it, and is lower otherwise, because the last wave leaves slots idle: 10
     * requests on 8 slots run 8, then 2.
     */
    double burstThroughput(int requests) {
        return requests * 1e9 / waveStepNanos(requests);
    }

    /** Returns the sum of one step of each wave of a burst, in nanoseconds. */
    private double waveStepNanos(int requests) {
        int fullWaves = requests / slots;
        int remainder = requests % slots;
        double nanos = (double) fullWaves * stepNanos(slots);
        if (remainder > 0) {
            nanos += stepNanos(remainder);
        }
        return nanos;
    }
}
