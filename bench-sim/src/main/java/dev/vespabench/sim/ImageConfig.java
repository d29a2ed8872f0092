package dev.vespabench.sim;

/**
 * Settings of the simulated image engine behind the ComfyUI routes: {@code workers} jobs run in
 * parallel, each for {@code jobMillis}, and further jobs wait in a first-in, first-out queue.
 *
 * @param workers the number of jobs that run at once, from 1 to {@value #MAX_WORKERS}
 * @param jobMillis the run time of one job in milliseconds, greater than 0 and at most
 *        {@value #MAX_JOB_MILLIS}
 * @param jobsNeverFinish whether every job, once started, runs forever: a fault for testing
 *        how clients end a job that does not finish
 */
public record ImageConfig(int workers, double jobMillis, boolean jobsNeverFinish) {

    /** The largest number of workers. */
    public static final int MAX_WORKERS = 10_000;

    /** The maximum run time of a job, in milliseconds: one hour. */
    public static final double MAX_JOB_MILLIS = 3_600_000.0;

    /** The default number of workers: one, as a ComfyUI server runs one job at a time. */
    public static final int DEFAULT_WORKERS = 1;

    /** The default run time of a job, in milliseconds. */
    public static final double DEFAULT_JOB_MILLIS = 1_000.0;

    /**
     * Creates settings, checking every value.
     *
     * @throws IllegalArgumentException naming the parameter, its bounds and the value when a
     *         value is out of range
     */
    public ImageConfig {
        Checks.inRange("workers", workers, 1, MAX_WORKERS);
        Checks.positive("jobMillis", jobMillis, MAX_JOB_MILLIS);
    }

    /** Returns the default settings: one worker, 1000 ms per job, jobs that finish. */
    public static ImageConfig defaults() {
        return new ImageConfig(DEFAULT_WORKERS, DEFAULT_JOB_MILLIS, false);
    }

    /**
     * Creates settings of jobs that finish.
     *
     * @param workers the number of jobs that run at once
     * @param jobMillis the run time of one job in milliseconds
     * @return the settings
     * @throws IllegalArgumentException when a value is out of range
     */
    public static ImageConfig of(int workers, double jobMillis) {
        return new ImageConfig(workers, jobMillis, false);
    }

    /**
     * Returns a copy whose jobs never finish, or finish again.
     *
     * @param neverFinish true to make every started job run forever
     * @return the copy
     */
    public ImageConfig withJobsNeverFinish(boolean neverFinish) {
        return new ImageConfig(workers, jobMillis, neverFinish);
    }

    /**
     * Returns the jobs per second that the engine completes with {@code c} jobs in flight:
     * {@code min(c, workers) * 1000 / jobMillis}, or 0 when jobs never finish. A client that
     * keeps {@code c} jobs in flight gets this rate. So does one wave of {@code c} jobs that
     * start together, when {@code c} is at most {@code workers} or a multiple of it.
     *
     * @param concurrency the number of jobs in flight, at least 1
     * @return the jobs per second
     * @throws IllegalArgumentException when concurrency is below 1
     */
    public double analyticJobsPerSecond(int concurrency) {
        Checks.inRange("concurrency", concurrency, 1, Integer.MAX_VALUE);
        if (jobsNeverFinish) {
            return 0.0;
        }
        return Math.min(concurrency, workers) * 1000.0 / jobMillis;
    }
}
