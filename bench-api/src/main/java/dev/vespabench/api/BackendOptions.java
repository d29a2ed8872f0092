package dev.vespabench.api;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * Settings a provider creates a backend from: backend-specific option values set by the user
 * and the environment variables in force, both as plain strings.
 *
 * @param values option values by name, such as {@code model} or {@code workflow}
 * @param environment environment variables, used where no option is set
 */
public record BackendOptions(Map<String, String> values, Map<String, String> environment) {

    /** Creates options, copying both maps. */
    public BackendOptions {
        values = Map.copyOf(Objects.requireNonNull(values, "values"));
        environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
    }

    /**
     * Creates options with no values and an empty environment.
     *
     * @return empty options
     */
    public static BackendOptions empty() {
        return new BackendOptions(Map.of(), Map.of());
    }

    /**
     * Returns the option of the given name, else the environment variable of the given name,
     * skipping blank values.
     *
     * @param option the option name
     * @param variable the environment variable name, or null for none
     * @return the value, if either is set
     */
    public Optional<String> get(String option, @Nullable String variable) {
        String value = values.get(option);
        if (isBlank(value) && variable != null) {
            value = environment.get(variable);
        }
        return isBlank(value) ? Optional.empty() : Optional.of(value.trim());
    }

    /**
     * Returns the option of the given name parsed as an integer within a range.
     *
     * @param option the option name
     * @param variable the environment variable name, or null for none
     * @param fallback the value when neither is set
     * @param min the smallest accepted value
     * @param max the largest accepted value
     * @return the value
     * @throws InvalidOptionException when the value is not an integer in range
     */
    public int getInt(String option, @Nullable String variable, int fallback, int min, int max) {
        Optional<String> text = get(option, variable);
        if (text.isEmpty()) {
            return fallback;
        }
        String source = values.containsKey(option) || variable == null ? option : variable;
        int value;
        try {
            value = Integer.parseInt(text.get());
        } catch (NumberFormatException e) {
            throw new InvalidOptionException(source, text.get(),
                    "expected a whole number from " + min + " to " + max);
        }
        if (value < min || value > max) {
            throw new InvalidOptionException(source, text.get(),
                    "expected a whole number from " + min + " to " + max);
        }
        return value;
    }

    /**
     * Returns a copy with one more option value.
     *
     * @param name the option name
     * @param value the value
     * @return new options
     */
    public BackendOptions with(String name, String value) {
        var copy = new java.util.HashMap<>(values);
        copy.put(name, value);
        return new BackendOptions(copy, environment);
    }

    private static boolean isBlank(@Nullable String value) {
        return value == null || value.isBlank();
    }
}
