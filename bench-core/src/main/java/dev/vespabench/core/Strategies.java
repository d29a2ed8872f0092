package dev.vespabench.core;

import java.time.Duration;
import java.util.List;

/**
 * Factories of the built-in load strategies, by the names users select them with.
 *
 * <ul>
 *   <li>{@code fixed}: waves of N concurrent requests, R runs, the highest run throughput; the
 *       compatibility protocol.
 *   <li>{@code steady}: N requests kept in flight, throughput over windows until they agree.
 *   <li>{@code capacity}: steady levels of rising concurrency; the highest sustainable
 *       throughput.
 *   <li>{@code rate}: open-loop arrivals at a rate for a duration.
 * </ul>
 */
public final class Strategies {

    /** The names of the built-in strategies. */
    public static final List<String> NAMES = List.of("fixed", "steady", "capacity", "rate");

    private Strategies() {
    }

    /**
     * Creates the compatibility protocol.
     *
     * @param runs the number of waves
     * @param concurrency the requests of each wave
     * @return the strategy
     */
    public static FixedStrategy fixed(int runs, int concurrency) {
        return new FixedStrategy(runs, concurrency);
    }

    /**
     * Creates closed-loop load with the default windows.
     *
     * @param concurrency the requests kept in flight
     * @return the strategy
     */
    public static SteadyStrategy steady(int concurrency) {
        return SteadyStrategy.of(concurrency);
    }

    /**
     * Creates the capacity search with its defaults.
     *
     * @return the strategy
     */
    public static CapacityStrategy capacity() {
        return CapacityStrategy.defaults();
    }

    /**
     * Creates open-loop load with evenly spaced arrivals.
     *
     * @param rate the arrival rate in requests/s
     * @param duration the arrival period
     * @return the strategy
     */
    public static RateStrategy rate(double rate, Duration duration) {
        return RateStrategy.of(rate, duration);
    }
}
