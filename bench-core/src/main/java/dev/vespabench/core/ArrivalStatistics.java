package dev.vespabench.core;

import java.util.Objects;

/**
 * The arrivals of an open-loop run: requests scheduled at a rate, whatever the backend's speed.
 *
 * @param rate the target arrival rate in requests/s
 * @param arrivals the arrival process
 * @param scheduled the arrivals during the run
 * @param dropped arrivals not sent because {@code maxInFlight} requests were already in flight
 * @param maxInFlight the bound on requests in flight
 */
public record ArrivalStatistics(double rate, Arrivals arrivals, long scheduled,
        long dropped, int maxInFlight) {

    /** Creates statistics, checking the counts. */
    public ArrivalStatistics {
        Objects.requireNonNull(arrivals, "arrivals");
        if (dropped < 0 || dropped > scheduled) {
            throw new IllegalArgumentException("dropped must be from 0 to scheduled ("
                    + scheduled + "), got " + dropped);
        }
    }

    /**
     * Returns the arrivals that were sent.
     *
     * @return scheduled minus dropped
     */
    public long sent() {
        return scheduled - dropped;
    }
}
