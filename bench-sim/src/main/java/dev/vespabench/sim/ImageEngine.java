package dev.vespabench.sim;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The image engine: {@link ImageConfig#workers()} jobs run at once, each for
 * {@link ImageConfig#jobMillis()}, and further jobs wait in a first-in, first-out queue. A job
 * that ends frees its worker for the head of the queue at once, so with {@code c} jobs in
 * flight the engine completes {@link ImageConfig#analyticJobsPerSecond(int)} jobs per second.
 *
 * <p>One timer thread ends the jobs. Its delays are accurate to about a millisecond, which is
 * small against the run times of image jobs.
 */
final class ImageEngine implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ImageEngine.class);

    private final ImageConfig config;
    private final ScheduledExecutorService timer;
    private final Queue<ImageTask> queue = new ArrayDeque<>();
    private final Set<ImageTask> running = new LinkedHashSet<>();
    private final AtomicLong completed = new AtomicLong();
    private boolean closed;

    ImageEngine(ImageConfig config) {
        this.config = config;
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "sim-image-engine");
            thread.setDaemon(true);
            return thread;
        });
    }

    ImageConfig config() {
        return config;
    }

    /**
     * Submits a job, which starts at once when a worker is free and else waits in the queue.
     *
     * @param id the job's id, for logs
     * @return the job
     * @throws RejectedExecutionException when the engine has closed
     */
    ImageTask submit(String id) {
        ImageTask task = new ImageTask(id);
        synchronized (this) {
            if (closed) {
                throw new RejectedExecutionException("the image engine has closed");
            }
            queue.add(task);
            startQueued();
        }
        log.debug("Image job submitted id={} state={}", id, task.state());
        return task;
    }

    /**
     * Ends a queued or running job early, as a server does when its client leaves, and gives
     * its worker to the next job.
     *
     * @param task the job
     * @return true when the job had not ended yet
     */
    boolean cancel(ImageTask task) {
        synchronized (this) {
            boolean removed = queue.remove(task) || running.remove(task);
            if (!removed) {
                return false;
            }
            task.end(ImageTask.State.CANCELLED);
            startQueued();
        }
        log.debug("Image job cancelled id={}", task.id());
        task.finished().cancel(false);
        return true;
    }

    /**
     * Ends a job early if it is in the given state, as ComfyUI's queue delete does for a
     * pending job and its interrupt for a running one.
     *
     * @param task the job
     * @param state {@link ImageTask.State#QUEUED} or {@link ImageTask.State#RUNNING}
     * @return true when the job was in that state and has ended
     */
    boolean cancelIf(ImageTask task, ImageTask.State state) {
        synchronized (this) {
            boolean removed = switch (state) {
                case QUEUED -> queue.remove(task);
                case RUNNING -> running.remove(task);
                default -> throw new IllegalArgumentException(
                        "state must be QUEUED or RUNNING, got " + state);
            };
            if (!removed) {
                return false;
            }
            task.end(ImageTask.State.CANCELLED);
            startQueued();
        }
        log.debug("Image job cancelled id={} state={}", task.id(), state);
        task.finished().cancel(false);
        return true;
    }

    /** Returns the jobs that hold a worker now. */
    synchronized List<ImageTask> runningTasks() {
        return List.copyOf(running);
    }

    /** Returns the jobs waiting for a worker now, in queue order. */
    synchronized List<ImageTask> queuedTasks() {
        return List.copyOf(queue);
    }

    /** Returns the number of jobs that have run to their end. */
    long completedJobs() {
        return completed.get();
    }

    /** Returns the number of jobs that hold a worker. */
    synchronized int runningJobs() {
        return running.size();
    }

    /** Returns the number of jobs waiting for a worker. */
    synchronized int queuedJobs() {
        return queue.size();
    }

    /** Stops the timer and fails every job that has not ended. Calling it again does nothing. */
    @Override
    public void close() {
        List<ImageTask> unfinished = new ArrayList<>();
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            unfinished.addAll(running);
            unfinished.addAll(queue);
            running.clear();
            queue.clear();
        }
        timer.shutdownNow();
        for (ImageTask task : unfinished) {
            task.end(ImageTask.State.FAILED);
            task.finished().completeExceptionally(
                    new RejectedExecutionException("the simulator shut down before the job ended"));
        }
    }

    /** Starts queued jobs while workers are free. The caller holds the lock. */
    private void startQueued() {
        while (running.size() < config.workers() && !queue.isEmpty()) {
            ImageTask task = queue.remove();
            running.add(task);
            task.start();
            if (!config.jobsNeverFinish()) {
                long delayNanos = Math.round(config.jobMillis() * 1_000_000.0);
                task.completeAt(timer.schedule(() -> finish(task), delayNanos,
                        TimeUnit.NANOSECONDS));
            }
        }
    }

    private void finish(ImageTask task) {
        synchronized (this) {
            if (!running.remove(task)) {
                return;
            }
            task.end(ImageTask.State.DONE);
            startQueued();
        }
        completed.incrementAndGet();
        log.debug("Image job done id={} queuedMillis={} runMillis={}", task.id(),
                task.queuedMillis(), task.runMillis());
        task.finished().complete(task);
    }
}
