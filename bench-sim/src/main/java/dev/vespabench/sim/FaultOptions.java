package dev.vespabench.sim;

import java.time.Duration;

/** The command-line options of fault injection, which {@link SimulatorMain} accepts. */
final class FaultOptions {

    /** The help lines of the options. */
    static final String USAGE = String.join("\n",
            "  --fault NAME=RATE",
            "                  inject a fault into this share of generation requests, from",
            "                  0 to 1; repeat for several faults. NAME is one of",
            "                  server-error (500), rate-limited (429), unavailable (503),",
            "                  connection-reset, truncated-json, hang, truncated-stream",
            "  --fault-seed N  seed of the fault draws (default 1)",
            "  --retry-after S Retry-After of 429 and 503 responses, in seconds (default 1)",
            "  --slow-start N  delay the first N generation requests (default 0)",
            "  --slow-start-ms X",
            "                  delay of each of those requests, in ms (default 0)",
            "  --startup-ms X  return 503 on every route for X ms after start-up (default 0)");

    private final FaultConfig.Builder builder = FaultConfig.builder();
    private int slowRequests;
    private long slowMillis;

    /**
     * Reads one option if it is a fault option.
     *
     * @param option the option name
     * @param value its value
     * @return whether the option was a fault option
     * @throws IllegalArgumentException naming the option when the value is invalid
     */
    boolean accept(String option, String value) {
        switch (option) {
            case "--fault" -> rate(value);
            case "--fault-seed" -> builder.seed(longValue(option, value));
            case "--retry-after" -> builder.retryAfterSeconds((int) longValue(option, value,
                    FaultConfig.MAX_RETRY_AFTER_SECONDS));
            case "--slow-start" -> slowRequests =
                    (int) longValue(option, value, Integer.MAX_VALUE);
            case "--slow-start-ms" -> slowMillis =
                    longValue(option, value, FaultConfig.MAX_DELAY.toMillis());
            case "--startup-ms" -> builder.startupPeriod(Duration.ofMillis(
                    longValue(option, value, FaultConfig.MAX_DELAY.toMillis())));
            default -> {
                return false;
            }
        }
        return true;
    }

    /**
     * Creates the fault settings from the options read.
     *
     * @throws IllegalArgumentException when the rates sum to more than 1
     */
    FaultConfig build() {
        return builder.slowStart(slowRequests, Duration.ofMillis(slowMillis)).build();
    }

    private void rate(String value) {
        int equals = value.indexOf('=');
        if (equals < 0) {
            throw new IllegalArgumentException(
                    "option --fault takes NAME=RATE, such as hang=0.05, got '" + value + "'");
        }
        Fault fault = Fault.fromKey(value.substring(0, equals).trim());
        String rate = value.substring(equals + 1).trim();
        try {
            builder.rate(fault, Double.parseDouble(rate));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option --fault takes a rate from 0 to 1 after"
                    + " the name, got '" + rate + "'");
        }
    }

    private static long longValue(String option, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "option " + option + " takes an integer, got '" + value + "'");
        }
    }

    private static long longValue(String option, String value, long max) {
        long parsed = longValue(option, value);
        if (parsed < 0 || parsed > max) {
            throw new IllegalArgumentException("option " + option + " must be between 0 and "
                    + max + ", got " + parsed);
        }
        return parsed;
    }
}
