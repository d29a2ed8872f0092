package dev.vespabench.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.vespabench.api.BackendOptions;
import dev.vespabench.api.InvalidOptionException;

class OpenAiSettingsTest {

    @Test
    void defaultsMatchPythonPayload() {
        OpenAiSettings settings = OpenAiSettings.from("openai", BackendOptions.empty());

        assertThat(settings).isEqualTo(new OpenAiSettings(500, 250, new BigDecimal("0.7"), false));
    }

    @Test
    void validValuesAreParsed() {
        Map<String, String> values = Map.of("max-tokens", "1", "prompt-words", "100000",
                "temperature", "2", "stream", "TRUE");

        OpenAiSettings settings = OpenAiSettings.from("openai", options(values));

        assertThat(settings).isEqualTo(new OpenAiSettings(1, 100_000, new BigDecimal("2"), true));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "max-tokens   | 0      | expected a whole number from 1 to 1000000",
        "max-tokens   | lots   | expected a whole number from 1 to 1000000",
        "prompt-words | -1     | expected a whole number from 1 to 100000",
        "prompt-words | 2.5    | expected a whole number from 1 to 100000",
        "temperature  | hot    | expected a decimal number from 0 to 2",
        "temperature  | 2.01   | expected a decimal number from 0 to 2",
        "temperature  | -0.1   | expected a decimal number from 0 to 2",
        "temperature  | NaN    | expected a decimal number from 0 to 2",
        "temperature  | 0x1p-1 | expected a decimal number from 0 to 2",
        "stream       | yes    | expected true or false",
    })
    void invalidValueNamesOptionAndValue(String option, String value, String expected) {
        BackendOptions options = options(Map.of(option, value));
        String message = "invalid " + option + " '" + value + "': " + expected;

        assertThatThrownBy(() -> OpenAiSettings.from("openai", options))
                .isInstanceOfSatisfying(InvalidOptionException.class,
                        e -> assertThat(e.option()).isEqualTo(option))
                .hasMessage(message);
    }

    @Test
    void unknownOptionIsRejected() {
        BackendOptions options = options(Map.of("max_tokens", "100"));

        assertThatThrownBy(() -> OpenAiSettings.from("openai-chat", options))
                .isInstanceOfSatisfying(InvalidOptionException.class,
                        e -> assertThat(e.option()).isEqualTo("max_tokens"))
                .hasMessage("unknown option 'max_tokens' for backend openai-chat. Valid options:"
                        + " model, max-tokens, prompt-words, temperature, stream");
    }

    @Test
    void describeUsesJsonFieldNames() {
        OpenAiSettings settings = new OpenAiSettings(64, 10, new BigDecimal("1E-1"), false);

        assertThat(settings.describe()).containsExactly(
                Map.entry("max_tokens", "64"),
                Map.entry("prompt_words", "10"),
                Map.entry("temperature", "0.1"),
                Map.entry("stream", "false"));
    }

    private static BackendOptions options(Map<String, String> values) {
        return new BackendOptions(values, Map.of());
    }
}
