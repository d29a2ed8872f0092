package dev.vespabench.sim;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

import org.jspecify.annotations.Nullable;

/**
 * One job of the {@link ImageEngine}, from submission to its end. The engine changes the state
 * under its lock, and {@link #finished()} completes once the job has run, or fails when the
 * engine closes first.
 */
final class ImageTask {

    /** The life cycle of a job. */
    enum State {
        /** Waiting for a free worker. */
        QUEUED,
        /** Holding a worker. */
        RUNNING,
        /** Ended after its run time. */
        DONE,
        /** Ended early because its client left. */
        CANCELLED,
        /** Ended because the engine closed. */
        FAILED
    }

    private final String id;
    private final long submittedMillis;
    private final long submittedNanos;
    private final CompletableFuture<ImageTask> finished = new CompletableFuture<>();
    private State state = State.QUEUED;
    private long startedNanos;
    private long finishedNanos;
    private @Nullable ScheduledFuture<?> completion;

    ImageTask(String id) {
        this.id = id;
        this.submittedMillis = System.currentTimeMillis();
        this.submittedNanos = System.nanoTime();
    }

    String id() {
        return id;
    }

    /** Returns a future that completes with this task when the job has run. */
    CompletableFuture<ImageTask> finished() {
        return finished;
    }

    /** Returns the wall-clock time of submission, in milliseconds since the epoch. */
    long submittedMillis() {
        return submittedMillis;
    }

    /** Returns the time the job waited in the queue, in milliseconds. */
    long queuedMillis() {
        return (startedNanos - submittedNanos) / 1_000_000;
    }

    /** Returns the time the job held a worker, in milliseconds. */
    long runMillis() {
        return (finishedNanos - startedNanos) / 1_000_000;
    }

    /** Returns the time from submission to the end of the job, in milliseconds. */
    long totalMillis() {
        return (finishedNanos - submittedNanos) / 1_000_000;
    }

    synchronized State state() {
        return state;
    }

    synchronized void start() {
        state = State.RUNNING;
        startedNanos = System.nanoTime();
    }

    /** Sets the completion timer of a running job, which is created after it starts. */
    synchronized void completeAt(ScheduledFuture<?> scheduledCompletion) {
        completion = scheduledCompletion;
    }

    /** Ends the job in the given state and stops its completion timer. */
    synchronized void end(State endState) {
        state = endState;
        finishedNanos = System.nanoTime();
        if (completion != null && endState != State.DONE) {
            completion.cancel(false);
        }
    }
}
