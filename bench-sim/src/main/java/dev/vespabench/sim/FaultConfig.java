package dev.vespabench.sim;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of fault injection: how often each per-request fault occurs, the seed of the draws,
 * and the two faults that are not random.
 *
 * <p>Each request to a generation route draws one uniform number from a {@link java.util.Random}
 * seeded with {@code seed}, in the order the requests arrive, and the number picks at most one
 * fault by the cumulative rates. The same seed therefore injects the same faults into the
 * same count of requests, whichever connection each request came on.
 *
 * @param rates the probability of each per-request fault, from 0 to 1, summing to at most 1;
 *        absent faults have rate 0
 * @param seed the seed of the draws
 * @param retryAfterSeconds the value of {@code Retry-After} on 429 and 503 responses, from 0 to
 *        {@value #MAX_RETRY_AFTER_SECONDS}
 * @param slowRequests the number of first generation requests that are delayed, 0 for none
 * @param slowDelay the delay of each of those requests before it enters the queue, from 0 to
 *        {@link #MAX_DELAY}
 * @param startupPeriod the time after start-up during which every route but {@code /sim/*}
 *        returns 503, from 0 to {@link #MAX_DELAY}
 */
public record FaultConfig(Map<Fault, Double> rates, long seed, int retryAfterSeconds,
        int slowRequests, Duration slowDelay, Duration startupPeriod) {

    /** The maximum {@code Retry-After} value, in seconds: one hour. */
    public static final int MAX_RETRY_AFTER_SECONDS = 3_600;

    /** The maximum slow-start delay and start-up period: one hour. */
    public static final Duration MAX_DELAY = Duration.ofHours(1);

    /** The default seed. */
    public static final long DEFAULT_SEED = 1;

    /** The default {@code Retry-After} value, in seconds. */
    public static final int DEFAULT_RETRY_AFTER_SECONDS = 1;

    private static final FaultConfig NONE = builder().build();

    /**
     * Creates settings, checking every value.
     *
     * @throws IllegalArgumentException naming the value when a rate is out of range or given
     *         for a fault that is not drawn per request, when the rates sum to more than 1, or
     *         when another value is out of range
     */
    public FaultConfig {
        Objects.requireNonNull(rates, "rates");
        Map<Fault, Double> copy = new EnumMap<>(Fault.class);
        double sum = 0;
        for (Map.Entry<Fault, Double> entry : rates.entrySet()) {
            Fault fault = Objects.requireNonNull(entry.getKey(), "rates key");
            double rate = Objects.requireNonNull(entry.getValue(), "rates value");
            if (!fault.perRequest()) {
                throw new IllegalArgumentException("fault " + fault.key()
                        + " is not drawn per request, so it takes no rate");
            }
            Checks.inRange("rate of " + fault.key(), rate, 0.0, 1.0);
            if (rate > 0) {
                copy.put(fault, rate);
                sum += rate;
            }
        }
        // A small margin lets rates such as 0.1 + 0.2 + 0.7 pass despite rounding.
        if (sum > 1.0 + 1e-9) {
            throw new IllegalArgumentException(
                    "the fault rates must sum to at most 1, got " + sum + " from " + copy);
        }
        rates = Collections.unmodifiableMap(copy);
        Checks.inRange("retryAfterSeconds", retryAfterSeconds, 0, MAX_RETRY_AFTER_SECONDS);
        Checks.inRange("slowRequests", slowRequests, 0, Integer.MAX_VALUE);
        checkDuration("slowDelay", slowDelay);
        checkDuration("startupPeriod", startupPeriod);
    }

    /** Returns settings that inject no fault. */
    public static FaultConfig none() {
        return NONE;
    }

    /** Returns a builder that starts with no fault. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns a builder that starts from these settings. */
    public Builder toBuilder() {
        Builder builder = new Builder()
                .seed(seed)
                .retryAfterSeconds(retryAfterSeconds)
                .slowStart(slowRequests, slowDelay)
                .startupPeriod(startupPeriod);
        rates.forEach(builder::rate);
        return builder;
    }

    /**
     * Returns the probability of a fault per request.
     *
     * @param fault the fault
     * @return the rate, 0 for a fault that is not drawn per request
     */
    public double rate(Fault fault) {
        return rates.getOrDefault(fault, 0.0);
    }

    /** Returns whether any fault can occur. */
    public boolean enabled() {
        return !rates.isEmpty() || (slowRequests > 0 && !slowDelay.isZero())
                || !startupPeriod.isZero();
    }

    private static void checkDuration(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.compareTo(MAX_DELAY) > 0) {
            throw new IllegalArgumentException(name + " must be between 0 and "
                    + MAX_DELAY.toMillis() + " ms, got " + value.toMillis() + " ms");
        }
    }

    /** A builder of {@link FaultConfig}; {@link #build()} checks the values. */
    public static final class Builder {
        private final Map<Fault, Double> rates = new EnumMap<>(Fault.class);
        private long seed = DEFAULT_SEED;
        private int retryAfterSeconds = DEFAULT_RETRY_AFTER_SECONDS;
        private int slowRequests;
        private Duration slowDelay = Duration.ZERO;
        private Duration startupPeriod = Duration.ZERO;

        private Builder() {
        }

        /** Sets the probability of a per-request fault, from 0 to 1. */
        public Builder rate(Fault fault, double rate) {
            rates.put(Objects.requireNonNull(fault, "fault"), rate);
            return this;
        }

        /** Sets the seed of the per-request draws. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Sets the value of {@code Retry-After} on 429 and 503 responses, in seconds. */
        public Builder retryAfterSeconds(int retryAfterSeconds) {
            this.retryAfterSeconds = retryAfterSeconds;
            return this;
        }

        /**
         * Delays the first generation requests after start-up, as a server that loads its
         * model on the first request does.
         *
         * @param requests the number of requests delayed, 0 for none
         * @param delay the delay of each, before it enters the queue
         * @return this builder
         */
        public Builder slowStart(int requests, Duration delay) {
            this.slowRequests = requests;
            this.slowDelay = delay;
            return this;
        }

        /** Sets the time after start-up during which every route returns 503. */
        public Builder startupPeriod(Duration startupPeriod) {
            this.startupPeriod = startupPeriod;
            return this;
        }

        /**
         * Creates the settings.
         *
         * @return the settings
         * @throws IllegalArgumentException when a value is out of range
         */
        public FaultConfig build() {
            return new FaultConfig(rates, seed, retryAfterSeconds, slowRequests, slowDelay,
                    startupPeriod);
        }
    }
}
