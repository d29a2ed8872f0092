package dev.vespabench.cli;

import java.util.Map;

/**
 * The command-line names of the simulator's settings, so that a rejected value is reported
 * under the option the user typed rather than the field that stores it.
 */
final class SimulatorOptionNames {

    private static final Map<String, String> OPTIONS = Map.ofEntries(
            Map.entry("slots", "--slots"),
            Map.entry("baseStepMillis", "--base-ms"),
            Map.entry("perSequenceStepMillis", "--per-seq-ms"),
            Map.entry("maxOutputTokens", "--max-output"),
            Map.entry("modelName", "--model"),
            Map.entry("maxConcurrentRequests", "--max-concurrent-requests"),
            Map.entry("host", "--host"),
            Map.entry("port", "--port"),
            Map.entry("retryAfterSeconds", "--retry-after"),
            Map.entry("slowRequests", "--slow-start"),
            Map.entry("slowDelay", "--slow-start-ms"),
            Map.entry("startupPeriod", "--startup-ms"),
            Map.entry("workers", "--image-workers"),
            Map.entry("jobMillis", "--image-job-ms"));

    private SimulatorOptionNames() {
    }

    /**
     * Turns a rejected simulator setting into a usage error that names the option.
     *
     * @param e the simulator's message, which starts with the setting's field name
     * @return the usage error
     */
    static UsageException usageError(IllegalArgumentException e) {
        String message = String.valueOf(e.getMessage());
        int space = message.indexOf(' ');
        String field = space < 0 ? message : message.substring(0, space);
        String option = OPTIONS.get(field);
        return new UsageException(option == null ? message
                : "invalid " + option + ": " + message.substring(space + 1));
    }
}
