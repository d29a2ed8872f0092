package dev.vespabench.sim;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * Settings of a simulated server: its batching model, the model name it serves and the address
 * it binds.
 *
 * @param slots the maximum number of sequences decoded together, from 1 to {@value #MAX_SLOTS}
 * @param baseStepMillis the fixed cost of one decoding step in milliseconds, greater than 0
 *        and at most {@value #MAX_STEP_MILLIS}
 * @param perSequenceStepMillis the added cost of each active sequence in a step, in
 *        milliseconds, from 0 to {@value #MAX_STEP_MILLIS}
 * @param maxOutputTokens the most tokens any response gets, which simulates a model that stops
 *        early (an end-of-sequence token), or empty for no such limit
 * @param modelName the only model name that requests may use, reported by {@code /v1/models}
 * @param includeUsage whether responses report {@code usage}, in whole responses and in
 *        streams that request it, and whether TGI responses report the {@code details} that
 *        requests ask for. False simulates a server that never reports either, so that clients
 *        can test their fallback
 * @param maxConcurrentRequests TGI's {@code max_concurrent_requests}: the maximum number of
 *        requests in flight on the TGI routes, at least 1. Requests beyond it are rejected as
 *        overloaded
 * @param host the address to bind, {@code 127.0.0.1} by default
 * @param port the port to bind, or 0 for an ephemeral port
 * @param faults the faults to inject, {@link FaultConfig#none()} by default
 * @param images the image engine behind the ComfyUI routes, {@link ImageConfig#defaults()}
 *        by default
 */
public record SimulatorConfig(int slots, double baseStepMillis, double perSequenceStepMillis,
        OptionalInt maxOutputTokens, String modelName, boolean includeUsage,
        int maxConcurrentRequests, String host, int port, FaultConfig faults,
        ImageConfig images) {

    /** The largest number of slots. */
    public static final int MAX_SLOTS = 1_000_000;

    /** The largest value of either step cost, in milliseconds: one minute. */
    public static final double MAX_STEP_MILLIS = 60_000.0;

    /** The default number of slots. */
    public static final int DEFAULT_SLOTS = 64;

    /** The default fixed cost of one step, in milliseconds. */
    public static final double DEFAULT_BASE_STEP_MILLIS = 4.0;

    /** The default cost of each active sequence in a step, in milliseconds. */
    public static final double DEFAULT_PER_SEQUENCE_STEP_MILLIS = 0.1;

    /** The default of {@code maxConcurrentRequests}, as of TGI's launcher. */
    public static final int DEFAULT_MAX_CONCURRENT_REQUESTS = 128;

    /** The default model name. */
    public static final String DEFAULT_MODEL_NAME = "sim-model";

    /** The default address to bind. */
    public static final String DEFAULT_HOST = "127.0.0.1";

    /**
     * Creates settings, checking every value.
     *
     * @throws IllegalArgumentException naming the parameter, its bounds and the value when a
     *         value is out of range
     */
    public SimulatorConfig {
        Checks.inRange("slots", slots, 1, MAX_SLOTS);
        Checks.positive("baseStepMillis", baseStepMillis, MAX_STEP_MILLIS);
        Checks.inRange("perSequenceStepMillis", perSequenceStepMillis, 0.0, MAX_STEP_MILLIS);
        Objects.requireNonNull(maxOutputTokens, "maxOutputTokens");
        maxOutputTokens.ifPresent(
                value -> Checks.inRange("maxOutputTokens", value, 1, Integer.MAX_VALUE));
        Checks.notBlank("modelName", Objects.requireNonNull(modelName, "modelName"));
        Checks.inRange("maxConcurrentRequests", maxConcurrentRequests, 1, Integer.MAX_VALUE);
        Checks.notBlank("host", Objects.requireNonNull(host, "host"));
        Checks.inRange("port", port, 0, 65_535);
        Objects.requireNonNull(faults, "faults");
        Objects.requireNonNull(images, "images");
    }

    /** Returns the default settings: 64 slots, 4.0 + 0.1 ms per step, 127.0.0.1, port 0. */
    public static SimulatorConfig defaults() {
        return builder().build();
    }

    /** Returns a builder that starts from the default settings. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns a builder that starts from these settings. */
    public Builder toBuilder() {
        return new Builder()
                .slots(slots)
                .baseStepMillis(baseStepMillis)
                .perSequenceStepMillis(perSequenceStepMillis)
                .maxOutputTokens(maxOutputTokens.orElse(0))
                .modelName(modelName)
                .includeUsage(includeUsage)
                .maxConcurrentRequests(maxConcurrentRequests)
                .host(host)
                .port(port)
                .faults(faults)
                .images(images);
    }

    /** A builder of {@link SimulatorConfig}; {@link #build()} checks the values. */
    public static final class Builder {
        private int slots = DEFAULT_SLOTS;
        private double baseStepMillis = DEFAULT_BASE_STEP_MILLIS;
        private double perSequenceStepMillis = DEFAULT_PER_SEQUENCE_STEP_MILLIS;
        private OptionalInt maxOutputTokens = OptionalInt.empty();
        private String modelName = DEFAULT_MODEL_NAME;
        private boolean includeUsage = true;
        private int maxConcurrentRequests = DEFAULT_MAX_CONCURRENT_REQUESTS;
        private String host = DEFAULT_HOST;
        private int port;
        private FaultConfig faults = FaultConfig.none();
        private ImageConfig images = ImageConfig.defaults();

        private Builder() {
        }

        /** Sets the number of slots. */
        public Builder slots(int slots) {
            this.slots = slots;
            return this;
        }

        /** Sets the fixed cost of one step, in milliseconds. */
        public Builder baseStepMillis(double baseStepMillis) {
            this.baseStepMillis = baseStepMillis;
            return this;
        }

        /** Sets the cost of each active sequence in a step, in milliseconds. */
        public Builder perSequenceStepMillis(double perSequenceStepMillis) {
            this.perSequenceStepMillis = perSequenceStepMillis;
            return this;
        }

        /**
         * Sets the most tokens any response gets.
         *
         * @param maxOutputTokens the limit, or 0 for none
         * @return this builder
         * @throws IllegalArgumentException when the value is negative
         */
        public Builder maxOutputTokens(int maxOutputTokens) {
            Checks.inRange("maxOutputTokens", maxOutputTokens, 0, Integer.MAX_VALUE);
            this.maxOutputTokens =
                    maxOutputTokens == 0 ? OptionalInt.empty() : OptionalInt.of(maxOutputTokens);
            return this;
        }

        /** Sets the model name that requests must use. */
        public Builder modelName(String modelName) {
            this.modelName = modelName;
            return this;
        }

        /** Sets whether responses report {@code usage}, and TGI responses {@code details}. */
        public Builder includeUsage(boolean includeUsage) {
            this.includeUsage = includeUsage;
            return this;
        }

        /** Sets the maximum number of requests in flight on the TGI routes. */
        public Builder maxConcurrentRequests(int maxConcurrentRequests) {
            this.maxConcurrentRequests = maxConcurrentRequests;
            return this;
        }

        /** Sets the address to bind. */
        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** Sets the port to bind, or 0 for an ephemeral port. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Sets the faults to inject. */
        public Builder faults(FaultConfig faults) {
            this.faults = faults;
            return this;
        }

        /** Sets the image engine behind the ComfyUI routes. */
        public Builder images(ImageConfig images) {
            this.images = images;
            return this;
        }

        /**
         * Creates the settings.
         *
         * @return the settings
         * @throws IllegalArgumentException when a value is out of range
         */
        public SimulatorConfig build() {
            return new SimulatorConfig(slots, baseStepMillis, perSequenceStepMillis,
                    maxOutputTokens, modelName, includeUsage, maxConcurrentRequests, host, port,
                    faults, images);
        }
    }
}
