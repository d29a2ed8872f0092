package dev.vespabench.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The continuous-batching engine: one thread runs decoding steps over at most
 * {@link StepCost#slots()} active sequences, and each step adds one token to every active
 * sequence.
 *
 * <p>Sequences wait in a FIFO queue and enter free slots at step boundaries. A step with
 * {@code n} active sequences ends {@link StepCost#stepNanos(int)} after the previous step's
 * deadline, not after the moment the thread woke up, so late wake-ups do not add up: a thread
 * that wakes late runs the following steps sooner until it is back on schedule. When no
 * sequence is active the thread blocks, and the first step starts when a sequence arrives.
 *
 * <p>The engine contains no HTTP code, so the routes of every protocol can share it.
 */
final class BatchScheduler implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BatchScheduler.class);
    private static final AtomicInteger THREAD_COUNT = new AtomicInteger();
    private static final long JOIN_TIMEOUT_MILLIS = 5_000;
    // A scheduler this far behind its deadlines is too slow for its configuration.
    private static final long LAG_WARNING_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final StepCost cost;
    private final SchedulerClock clock;
    private final LinkedBlockingQueue<Sequence> queue = new LinkedBlockingQueue<>();
    // Read and written by the scheduler thread only.
    private final List<Sequence> active = new ArrayList<>();
    private final AtomicLong sequenceIds = new AtomicLong();
    private final Thread thread;
    private volatile boolean closed;
    private volatile int activeCount;
    private volatile long tokensProduced;
    private boolean lagReported;

    /**
     * Creates a scheduler and starts its thread, a daemon thread so that a scheduler that was
     * never closed does not keep the JVM alive.
     */
    BatchScheduler(StepCost cost) {
        this(cost, SchedulerClock.SYSTEM);
        start();
    }

    /**
     * Creates a scheduler on a given clock whose thread starts with {@link #start()}, so that a
     * test can queue sequences before the first step.
     */
    BatchScheduler(StepCost cost, SchedulerClock clock) {
        this.cost = cost;
        this.clock = clock;
        String name = "vespa-sim-scheduler-" + THREAD_COUNT.incrementAndGet();
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
    }

    /** Starts the thread of a scheduler created with an explicit clock. */
    void start() {
        thread.start();
    }

    /**
     * Queues a sequence of {@code length} tokens.
     *
     * @param length the number of tokens to produce, at least 1
     * @param listener receives each token on the scheduler thread
     * @return the queued sequence, which the caller cancels when its client goes away
     * @throws RejectedExecutionException when the scheduler is closed
     */
    Sequence submit(int length, SequenceListener listener) {
        Sequence sequence = new Sequence(sequenceIds.incrementAndGet(), length, listener);
        if (closed) {
            throw new RejectedExecutionException("the simulator is shutting down");
        }
        queue.add(sequence);
        // The thread aborts what it finds in the queue when it stops. If it stopped before this
        // sequence arrived, the sequence is still there and is rejected here instead.
        if (closed && queue.remove(sequence)) {
            throw new RejectedExecutionException("the simulator is shutting down");
        }
        return sequence;
    }

    /** Returns the number of sequences in the last step, or 0 when the scheduler is idle. */
    int activeCount() {
        return activeCount;
    }

    /** Returns the number of sequences waiting for a slot, cancelled ones included. */
    int queuedCount() {
        return queue.size();
    }

    /** Returns the number of tokens delivered to listeners since the scheduler started. */
    long tokensProduced() {
        return tokensProduced;
    }

    /**
     * Stops the thread and calls {@link SequenceListener#onAborted()} for every sequence that
     * had not finished. Calling it again has no effect.
     */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(JOIN_TIMEOUT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            log.warn("Scheduler thread did not stop within {} ms thread={}",
                    JOIN_TIMEOUT_MILLIS, thread.getName());
        }
    }

    private void run() {
        log.debug("Scheduler started thread={} slots={} baseStepMillis={} perSequenceStepMillis={}",
                thread.getName(), cost.slots(), cost.baseMillis(), cost.perSequenceMillis());
        try {
            runSteps();
        } catch (InterruptedException e) {
            // close() interrupts the thread to end a wait.
        } catch (RuntimeException | Error e) {
            log.error("Scheduler thread failed thread={}", thread.getName(), e);
        } finally {
            closed = true;
            activeCount = 0;
            abortUnfinished();
            log.debug("Scheduler stopped thread={} tokensProduced={}",
                    thread.getName(), tokensProduced);
        }
    }

    private void runSteps() throws InterruptedException {
        long deadline = 0;
        while (!closed) {
            if (active.isEmpty()) {
                activeCount = 0;
                Sequence first = queue.take();
                // The first step after an idle period starts now, not at an old deadline.
                deadline = clock.nanoTime();
                if (!first.isCancelled()) {
                    active.add(first);
                }
            }
            admitQueued();
            if (active.isEmpty()) {
                continue;
            }
            activeCount = active.size();
            deadline += cost.stepNanos(active.size());
            parkUntil(deadline);
            if (closed) {
                return;
            }
            active.removeIf(this::endStep);
        }
    }

    private void admitQueued() {
        while (active.size() < cost.slots()) {
            Sequence next = queue.poll();
            if (next == null) {
                return;
            }
            if (!next.isCancelled()) {
                active.add(next);
            }
        }
    }

    private void parkUntil(long deadline) {
        long remaining = deadline - clock.nanoTime();
        if (remaining < -LAG_WARNING_NANOS && !lagReported) {
            lagReported = true;
            log.warn("Scheduler is {} ms behind its step deadlines thread={}. The host is too"
                    + " slow for this configuration, so throughput falls below the analytic figure",
                    TimeUnit.NANOSECONDS.toMillis(-remaining), thread.getName());
        }
        while (remaining > 0 && !closed) {
            clock.parkNanos(this, remaining);
            remaining = deadline - clock.nanoTime();
        }
    }

    /** Adds the step's token to a sequence and returns whether it leaves its slot. */
    private boolean endStep(Sequence sequence) {
        if (sequence.isCancelled()) {
            return true;
        }
        int produced = sequence.advance();
        boolean finished = produced == sequence.length();
        tokensProduced++;
        try {
            sequence.listener().onToken(produced, finished);
        } catch (RuntimeException e) {
            log.warn("Listener failed, so the sequence is cancelled id={}", sequence.id(), e);
            sequence.cancel();
            return true;
        }
        return finished;
    }

    private void abortUnfinished() {
        List<Sequence> unfinished = new ArrayList<>(active);
        active.clear();
        queue.drainTo(unfinished);
        for (Sequence sequence : unfinished) {
            if (sequence.isCancelled()) {
                continue;
            }
            try {
                sequence.listener().onAborted();
            } catch (RuntimeException e) {
                log.warn("Listener failed while aborting id={}", sequence.id(), e);
            }
        }
    }
}
