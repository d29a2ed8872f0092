package dev.vespabench.comfyui;

import java.time.Duration;

/**
 * The delays between polls of {@code GET /history/{prompt_id}}.
 *
 * <p>A job is seen to finish only at the next poll, so the delay adds to the job's measured
 * time. Each delay is one twentieth of the time polled so far, between {@link #MIN} and
 * {@link #MAX}: a job of 400 ms to 40 s is measured at most about 5% late, plus one HTTP
 * round trip, and a long job costs one poll per {@link #MAX}. A job of 10 s takes about 90
 * polls. The backend cannot read a clock, so the time polled so far is the sum of the delays
 * it has asked for, which leaves out the round trips.
 */
final class PollSchedule {

    /** The first and minimum delay. */
    static final Duration MIN = Duration.ofMillis(20);

    /** The maximum delay. */
    static final Duration MAX = Duration.ofSeconds(2);

    private static final int FRACTION_DIVISOR = 20;

    private PollSchedule() {
    }

    /**
     * Returns the delay before the next poll.
     *
     * @param polled the sum of the delays before earlier polls of the same job
     * @return the delay, from {@link #MIN} to {@link #MAX}
     */
    static Duration next(Duration polled) {
        Duration share = polled.dividedBy(FRACTION_DIVISOR);
        if (share.compareTo(MIN) < 0) {
            return MIN;
        }
        return share.compareTo(MAX) > 0 ? MAX : share;
    }
}
