package dev.vespabench.tgi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.vespabench.api.BackendOptions;
import dev.vespabench.api.InvalidOptionException;

class TgiSettingsTest {

    @Test
    void defaultsMatchPythonPayload() {
        TgiSettings settings = TgiSettings.from("tgi", BackendOptions.empty());

        assertThat(settings).isEqualTo(new TgiSettings(256, 250, new BigDecimal("0.7"), false));
        assertThat(settings.path()).isEqualTo("/generate");
    }

    @Test
    void validValuesAreParsed() {
        Map<String, String> values = Map.of("max-new-tokens", "1", "prompt-words", "100000",
                "temperature", "5.5", "stream", "TRUE");

        TgiSettings settings = TgiSettings.from("tgi", options(values));

        assertThat(settings).isEqualTo(new TgiSettings(1, 100_000, new BigDecimal("5.5"), true));
        assertThat(settings.path()).isEqualTo("/generate_stream");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "max-new-tokens | 0       | expected a whole number from 1 to 1000000",
        "max-new-tokens | 1000001 | expected a whole number from 1 to 1000000",
        "max-new-tokens | lots    | expected a whole number from 1 to 1000000",
        "prompt-words   | -1      | expected a whole number from 1 to 100000",
        "prompt-words   | 2.5     | expected a whole number from 1 to 100000",
        "temperature    | 0       | expected a decimal number greater than 0",
        "temperature    | -0.1    | expected a decimal number greater than 0",
        "temperature    | hot     | expected a decimal number greater than 0",
        "temperature    | NaN     | expected a decimal number greater than 0",
        "temperature    | 0x1p-1  | expected a decimal number greater than 0",
        "stream         | yes     | expected true or false",
    })
    void invalidValueNamesOptionAndValue(String option, String value, String expected) {
        BackendOptions options = options(Map.of(option, value));
        String message = "invalid " + option + " '" + value + "': " + expected;

        assertThatThrownBy(() -> TgiSettings.from("tgi", options))
                .isInstanceOfSatisfying(InvalidOptionException.class,
                        e -> assertThat(e.option()).isEqualTo(option))
                .hasMessage(message);
    }

    @Test
    void unknownOptionIsRejected() {
        BackendOptions options = options(Map.of("max-tokens", "100"));

        assertThatThrownBy(() -> TgiSettings.from("tgi", options))
                .isInstanceOfSatisfying(InvalidOptionException.class,
                        e -> assertThat(e.option()).isEqualTo("max-tokens"))
                .hasMessage("unknown option 'max-tokens' for backend tgi. Valid options:"
                        + " max-new-tokens, prompt-words, temperature, stream");
    }

    @Test
    void modelOptionIsRejected() {
        BackendOptions options = options(Map.of("model", "llama"));

        assertThatThrownBy(() -> TgiSettings.from("tgi", options))
                .isInstanceOfSatisfying(InvalidOptionException.class,
                        e -> assertThat(e.option()).isEqualTo("model"))
                .hasMessage("option 'model' is not supported by backend tgi: a TGI server"
                        + " serves the one model it was started with, and GET /info reports it."
                        + " Remove the option.");
    }

    @Test
    void modelVariableIsIgnored() {
        BackendOptions options = new BackendOptions(Map.of(), Map.of("MODEL_NAME", "llama"));

        TgiSettings settings = TgiSettings.from("tgi", options);

        assertThat(settings).isEqualTo(TgiSettings.from("tgi", BackendOptions.empty()));
    }

    @Test
    void describeUsesJsonFieldNames() {
        TgiSettings settings = new TgiSettings(64, 10, new BigDecimal("1E-1"), true);

        assertThat(settings.describe()).containsExactly(
                Map.entry("endpoint", "/generate_stream"),
                Map.entry("max_new_tokens", "64"),
                Map.entry("prompt_words", "10"),
                Map.entry("temperature", "0.1"),
                Map.entry("stream", "true"));
    }

    private static BackendOptions options(Map<String, String> values) {
        return new BackendOptions(values, Map.of());
    }
}
