package dev.vespabench.tgi;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.vespabench.api.BackendOptions;
import dev.vespabench.api.InvalidOptionException;

/**
 * The request settings of the TGI backend, parsed from the user's options.
 *
 * @param maxNewTokens {@code parameters.max_new_tokens} of each measured request
 * @param promptWords random words appended to the system text of each measured request
 * @param temperature the sampling temperature, sent as written
 * @param stream whether to load {@code /generate_stream} instead of {@code /generate}
 */
record TgiSettings(int maxNewTokens, int promptWords, BigDecimal temperature, boolean stream) {

    static final String MAX_NEW_TOKENS = "max-new-tokens";
    static final String PROMPT_WORDS = "prompt-words";
    static final String TEMPERATURE = "temperature";
    static final String STREAM = "stream";

    /** Option names, in the order that error messages list them. */
    static final List<String> OPTION_NAMES =
            List.of(MAX_NEW_TOKENS, PROMPT_WORDS, TEMPERATURE, STREAM);

    /** The option that the OpenAI backends take and this backend rejects. */
    static final String MODEL = "model";

    private static final int DEFAULT_MAX_NEW_TOKENS = 256;
    private static final int DEFAULT_PROMPT_WORDS = 250;
    private static final BigDecimal DEFAULT_TEMPERATURE = new BigDecimal("0.7");
    private static final int MAX_MAX_NEW_TOKENS = 1_000_000;
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
    static TgiSettings from(String providerName, BackendOptions options) {
        for (String name : options.values().keySet()) {
            if (MODEL.equals(name)) {
                throw new InvalidOptionException(name, "option 'model' is not supported by"
                        + " backend " + providerName + ": a TGI server serves the one model it"
                        + " was started with, and GET /info reports it. Remove the option.");
            }
            if (!OPTION_NAMES.contains(name)) {
                throw new InvalidOptionException(name, "unknown option '" + name
                        + "' for backend " + providerName + ". Valid options: "
                        + String.join(", ", OPTION_NAMES));
            }
        }

        int maxNewTokens = options.getInt(MAX_NEW_TOKENS, null, DEFAULT_MAX_NEW_TOKENS, 1,
                MAX_MAX_NEW_TOKENS);
        int promptWords =
                options.getInt(PROMPT_WORDS, null, DEFAULT_PROMPT_WORDS, 1, MAX_PROMPT_WORDS);
        BigDecimal temperature = options.get(TEMPERATURE, null)
                .map(TgiSettings::parseTemperature)
                .orElse(DEFAULT_TEMPERATURE);
        boolean stream = parseStream(options.get(STREAM, null));
        return new TgiSettings(maxNewTokens, promptWords, temperature, stream);
    }

    /** Returns the endpoint that requests go to. */
    String path() {
        return stream ? "/generate_stream" : "/generate";
    }

    /** Returns the settings as reported in {@code BackendInfo.settings}, keyed by JSON field. */
    Map<String, String> describe() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("endpoint", path());
        settings.put("max_new_tokens", Integer.toString(maxNewTokens));
        settings.put("prompt_words", Integer.toString(promptWords));
        settings.put("temperature", temperature.toPlainString());
        settings.put("stream", Boolean.toString(stream));
        return settings;
    }

    private static BigDecimal parseTemperature(String text) {
        // TGI rejects a temperature of 0 or less with a validation error and sets no upper
        // bound (router/src/validation.rs, TGI 3.x).
        String expected = "expected a decimal number greater than 0";
        BigDecimal value;
        try {
            // BigDecimal rejects NaN, Infinity and hexadecimal forms that Double would accept.
            value = new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new InvalidOptionException(TEMPERATURE, text, expected);
        }
        if (value.signum() <= 0) {
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
