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
     * @throws UsageException when an option is not of the form KEY=VALUE
     */
    Map<String, String> values() {
        Map<String, String> values = new LinkedHashMap<>();
        for (String entry : entries) {
            int equals = entry.indexOf('=');
            if (equals <= 0) {
                throw new UsageException("invalid -o '" + entry + "': expected KEY=VALUE, such"
                        + " as -o max-tokens=256 or -o stream=true");
            }
            values.put(entry.substring(0, equals), entry.substring(equals + 1));
        }
        return values;
    }
}
