package dev.vespabench.sim;

/**
 * Receives the progress of one {@link Sequence}.
 *
 * <p>The scheduler thread calls these methods, so they must return quickly and never block.
 * An implementation hands slow work to another thread, such as the connection's event loop.
 * When {@link #onToken} throws, the scheduler logs the exception and cancels the sequence.
 */
interface SequenceListener {

    /**
     * Called at the end of each step in which the sequence produced a token.
     *
     * @param produced the number of tokens produced so far, from 1 to the sequence's length
     * @param finished whether this was the last token
     */
    void onToken(int produced, boolean finished);

    /** Called once when the scheduler closes before the sequence finished. */
    void onAborted();
}
