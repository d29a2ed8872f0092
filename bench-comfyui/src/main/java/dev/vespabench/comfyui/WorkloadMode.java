package dev.vespabench.comfyui;

import java.util.Locale;
import java.util.Optional;

/** The rule that counts the workload of one image job. */
enum WorkloadMode {
    /** A fixed figure per job, 100 by default, as the Python benchmark charged. */
    FIXED("fixed"),
    /** {@code width * height * steps / 1000}, the older cost formula. */
    PIXELS_STEPS("pixels-steps");

    private final String optionValue;

    WorkloadMode(String optionValue) {
        this.optionValue = optionValue;
    }

    /** Returns the value of the {@code workload} option that selects this mode. */
    String optionValue() {
        return optionValue;
    }

    /** Returns the mode selected by an option value, ignoring case. */
    static Optional<WorkloadMode> fromOption(String value) {
        String requested = value.toLowerCase(Locale.ROOT);
        for (WorkloadMode mode : values()) {
            if (mode.optionValue.equals(requested)) {
                return Optional.of(mode);
            }
        }
        return Optional.empty();
    }
}
