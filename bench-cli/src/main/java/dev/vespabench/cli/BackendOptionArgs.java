package dev.vespabench.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import picocli.CommandLine.Option;

/** The backend's own settings, given as {@code -o KEY=VALUE}, for {@code run} and {@code demo}. */
final class BackendOptionArgs {

    // Parsed here rather than by picocli's Map support, whose error for a value without '='
    // names neither -o nor the expected form.
    @Option(names = {"-o", "--option"}, paramLabel = "KEY=VALUE",
            description = "Backend-specific option, repeatable, such as -o stream=true or"
                    + " -o max-tokens=256.")
    List<String> entries = new ArrayList<>();

    /**
     * Returns the options in the order given.
     *
     * @throws UsageException when an option is not of the form KEY=VALUE, its value is empty,
     *         or a key is given twice, which would leave the user to guess which value applies
     */
    Map<String, String> values() {
        Map<String, String> values = new LinkedHashMap<>();
        for (String entry : entries) {
            int separator = entry.indexOf('=');
            if (separator <= 0) {
                throw new UsageException("invalid -o '" + entry + "': expected KEY=VALUE, such"
                        + " as -o max-tokens=256 or -o stream=true");
            }
            String key = entry.substring(0, separator);
            String value = entry.substring(separator + 1);
            if (value.isBlank()) {
                // A backend reads an empty value as unset and would use its default silently.
                throw new UsageException("invalid -o '" + entry + "': the value is empty; give"
                        + " a value, or leave out -o " + key + " to use the default");
            }
            String earlier = values.putIfAbsent(key, value);
            if (earlier != null) {
                throw new UsageException("-o " + key + " is given twice, as " + key + "="
                        + earlier + " and " + key + "=" + value + "; pass it once");
            }
        }
        return values;
    }
}
