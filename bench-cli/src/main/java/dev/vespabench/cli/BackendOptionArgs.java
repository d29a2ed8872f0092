package dev.vespabench.cli;

import java.util.LinkedHashMap;
import java.util.Map;

import picocli.CommandLine.Option;

/** The backend's own settings, given as {@code -o KEY=VALUE}, for {@code run} and {@code demo}. */
final class BackendOptionArgs {

    @Option(names = {"-o", "--option"}, paramLabel = "KEY=VALUE",
            description = "Backend-specific option, repeatable, such as -o stream=true or"
                    + " -o max-tokens=256.")
    Map<String, String> options = new LinkedHashMap<>();

    /** Returns the options in the order given. */
    Map<String, String> values() {
        return new LinkedHashMap<>(options);
    }
}
