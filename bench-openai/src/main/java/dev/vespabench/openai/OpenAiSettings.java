package dev.vespabench.openai;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.vespabench.api.BackendOptions;
import dev.vespabench.api.InvalidOptionException;

/**
 * The request settings of an OpenAI backend, parsed from the user's options.
 *
 * @param maxTokens {@code max_tokens} of each measured request
 * @param promptWords random words appended to the system text of each measured request
 * @param temperature the sampling temperature, sent as written
 * @param stream whether to request a server-sent event stream
 */
record OpenAiSettings(int maxTokens, int promptWords, BigDecimal temperature, boolean stream) {

    static final String MODEL = "model";
    static final String MAX_TOKENS = "max-tokens";
    static final String PROMPT_WORDS = "prompt-words";
    static final String TEMPERATURE = "temperature";
    static final String STREAM = "stream";

    /** Option names, in the order that error messages list them. */
    static final List<String> OPTION_NAMES =
            List.of(MODEL, MAX_TOKENS, PROMPT_WORDS, TEMPERATURE, STREAM);

    /** Environment variable of the Python benchmarks that names the model. */
    static final String MODEL_VARIABLE = "MODEL_NAME";

    private static final int DEFAULT_MAX_TOKENS = 500;
    private static final int DEFAULT_PROMPT_WORDS = 250;
    private static final BigDecimal DEFAULT_TEMPERATURE = new BigDecimal("0.7");
    // 0 to 2 is the range the OpenAI API reference gives for temperature.
    private static final BigDecimal MAX_TEMPERATURE = new BigDecimal("2");
    private static final int MAX_MAX_TOKENS = 1_000_000;
    private static final int MAX_PROMPT_WORDS = 100_000;

    /**
     * Parses the settings from the options, rejecting unknown option names so that a misspelled
     * option does not silently leave its default in force.
     *
     * @param providerName the provider the options are for, named in errors
     * @param options the user's options
     * @return the settings
     * @throws InvalidOptionException when an option is unknown or its value is invalid
     */
    static OpenAiSettings from(String providerName, BackendOptions options) {
        for (String name : options.values().keySet()) {
            if (!OPTION_NAMES.contains(name)) {
                throw new InvalidOptionException(name, "unknown option '" + name
                        + "' for backend " + providerName + ". Valid options: "
                        + String.join(", ", OPTION_NAMES));
            }
        }

        int maxTokens = options.getInt(MAX_TOKENS, null, DEFAULT_MAX_TOKENS, 1, MAX_MAX_TOKENS);
        int promptWords =
                options.getInt(PROMPT_WORDS, null, DEFAULT_PROMPT_WORDS, 1, MAX_PROMPT_WORDS);
        BigDecimal temperature = options.get(TEMPERATURE, null)
                .map(OpenAiSettings::parseTemperature)
                .orElse(DEFAULT_TEMPERATURE);
        boolean stream = parseStream(options.get(STREAM, null));
        return new OpenAiSettings(maxTokens, promptWords, temperature, stream);
    }

    /** Returns the settings as reported in {@code BackendInfo.settings}, keyed by JSON field. */
    Map<String, String> describe() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("max_tokens", Integer.toString(maxTokens));
        settings.put("prompt_words", Integer.toString(promptWords));
        settings.put("temperature", temperature.toPlainString());
        settings.put("stream", Boolean.toString(stream));
        return settings;
    }

    private static BigDecimal parseTemperature(String text) {
        String expected = "expected a decimal number from 0 to " + MAX_TEMPERATURE;
        BigDecimal value;
        try {
            // BigDecimal rejects NaN, Infinity and hexadecimal forms that Double would accept.
            value = new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new InvalidOptionException(TEMPERATURE, text, expected);
        }
        if (value.signum() < 0 || value.compareTo(MAX_TEMPERATURE) > 0) {
            throw new InvalidOptionException(TEMPERATURE, text, expected);
        }
        return value;
    }

    private static boolean parseStream(Optional<String> text) {
        if (text.isEmpty()) {
            return false;
        }
        return switch (text.get().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidOptionException(STREAM, text.get(),
                    "expected true or false");
        };
    }
}
