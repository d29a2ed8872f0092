package dev.vespabench.sim;

import java.util.concurrent.locks.LockSupport;

/**
 * The time source of {@link BatchScheduler}: {@link #SYSTEM} in servers, and a virtual clock in
 * tests that need the schedule's exact timing without waiting for it.
 */
interface SchedulerClock {

    /** The monotonic system clock, waiting with {@link LockSupport#parkNanos(Object, long)}. */
    SchedulerClock SYSTEM = new SchedulerClock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void parkNanos(Object blocker, long nanos) {
            LockSupport.parkNanos(blocker, nanos);
        }
    };

    /** Returns the current time in nanoseconds, from an arbitrary origin. */
    long nanoTime();

    /**
     * Waits for up to {@code nanos} nanoseconds. It may return earlier, for example when the
     * thread is interrupted, so callers check the time again.
     */
    void parkNanos(Object blocker, long nanos);
}
