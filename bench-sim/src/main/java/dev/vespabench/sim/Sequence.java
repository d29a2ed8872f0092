package dev.vespabench.sim;

/**
 * One request in the batching model. It waits in the queue, then occupies a slot and gains one
 * token per step until it has {@link #length()} tokens or is cancelled.
 */
final class Sequence {

    private final long id;
    private final int length;
    private final SequenceListener listener;
    private volatile boolean cancelled;
    // Written and read by the scheduler thread only.
    private int produced;

    Sequence(long id, int length, SequenceListener listener) {
        this.id = id;
        this.length = Checks.inRange("length", length, 1, Integer.MAX_VALUE);
        this.listener = listener;
    }

    /** Returns the id that the scheduler assigned, for log lines. */
    long id() {
        return id;
    }

    /** Returns the number of tokens that the sequence produces when it runs to the end. */
    int length() {
        return length;
    }

    /**
     * Cancels the sequence, for example when the client disconnected. A queued sequence never
     * enters a slot, and an active one leaves its slot at the next step boundary. The scheduler
     * checks the flag before each listener call, so only a call already in progress can follow.
     *
     * @return true when this call cancelled the sequence, false when it already was cancelled
     */
    boolean cancel() {
        if (cancelled) {
            return false;
        }
        cancelled = true;
        return true;
    }

    boolean isCancelled() {
        return cancelled;
    }

    SequenceListener listener() {
        return listener;
    }

    /** Adds one token and returns the count so far. Called by the scheduler thread only. */
    int advance() {
        produced++;
        return produced;
    }
}
