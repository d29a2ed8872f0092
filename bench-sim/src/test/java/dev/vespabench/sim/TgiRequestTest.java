package dev.vespabench.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TgiRequestTest {

    @Test
    void parseReadsParameters() {
        TgiRequest request = parse("{\"inputs\":\"What is Deep Learning?\","
                + "\"parameters\":{\"max_new_tokens\":20,\"temperature\":0.7,\"details\":true}}");

        assertThat(request).isEqualTo(new TgiRequest(4, 20, 0.7, true));
    }

    @Test
    void detailsDefaultToFalse() {
        TgiRequest request = parse("{\"inputs\":\"hi\",\"parameters\":{\"max_new_tokens\":5}}");

        assertThat(request).isEqualTo(new TgiRequest(1, 5, null, false));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "not json                                           | the request body is not valid JSON",
        "[1]                                                | the request body must be a JSON"
                + " object",
        "{\"parameters\":{\"max_new_tokens\":5}}            | `inputs` must be a string",
        "{\"inputs\":3,\"parameters\":{\"max_new_tokens\":5}} | `inputs` must be a string",
        "{\"inputs\":\"hi\"}                                | `parameters` must be an object",
        "{\"inputs\":\"hi\",\"parameters\":{}}              | `max_new_tokens` is missing",
        "{\"inputs\":\"hi\",\"parameters\":{\"max_new_tokens\":null}} | `max_new_tokens` is"
                + " missing",
        "{\"inputs\":\"hi\",\"parameters\":{\"max_new_tokens\":-1}} | `max_new_tokens` must be"
                + " an integer from 0 to 4294967295. Given: -1",
        "{\"inputs\":\"hi\",\"parameters\":{\"max_new_tokens\":2.5}} | `max_new_tokens` must be"
                + " an integer",
        "{\"inputs\":\"hi\",\"parameters\":{\"max_new_tokens\":\"9\"}} | `max_new_tokens` must be"
                + " an integer",
        "{\"inputs\":\"hi\",\"parameters\":{\"max_new_tokens\":4294967296}} | `max_new_tokens`"
                + " must be an integer",
        "{\"inputs\":\"hi\",\"parameters\":{\"max_new_tokens\":5,\"temperature\":\"hot\"}}"
                + " | `temperature` must be a number",
        "{\"inputs\":\"hi\",\"parameters\":{\"max_new_tokens\":5,\"details\":1}} | `details` must"
                + " be true or false",
    })
    void invalidBodyIsValidationError(String body, String message) {
        assertThatThrownBy(() -> parse(body))
                .isInstanceOfSatisfying(TgiError.class, e -> {
                    assertThat(e.status().code()).isEqualTo(422);
                    assertThat(e.type()).isEqualTo("validation");
                })
                .hasMessageStartingWith("Input validation error: " + message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "hi    | 0  | 1.0 | 99 | `max_new_tokens` must be strictly positive",
        "hi    | 5  | 0   | 99 | `temperature` must be strictly positive",
        "''    | 5  | 1.0 | 99 | `inputs` cannot be empty",
        "a b c | 98 | 1.0 | 99 | `inputs` tokens + `max_new_tokens` must be <= 100. Given: 3"
                + " `inputs` tokens and 98 `max_new_tokens`",
        "a b c | 1  | 1.0 | 2  | `inputs` must have less than 2 tokens. Given: 3",
    })
    void invalidValueFailsValidation(String inputs, int maxNewTokens, double temperature,
            int maxInputTokens, String message) {
        TgiRequest request = parse("{\"inputs\":\"" + inputs + "\",\"parameters\":"
                + "{\"max_new_tokens\":" + maxNewTokens + ",\"temperature\":" + temperature
                + "}}");

        assertThatThrownBy(() -> request.validate(maxInputTokens, 100))
                .isInstanceOfSatisfying(TgiError.class,
                        e -> assertThat(e.type()).isEqualTo("validation"))
                .hasMessage("Input validation error: " + message);
    }

    @Test
    void spacesOnlyInputIsOneToken() {
        TgiRequest request = parse("{\"inputs\":\"   \",\"parameters\":{\"max_new_tokens\":5}}");

        request.validate(10, 100);

        assertThat(request.inputTokens()).isEqualTo(1);
    }

    @Test
    void errorBodyHasTgiShape() {
        String body = new String(TgiError.overloaded().body(), StandardCharsets.UTF_8);
        String event = TgiError.overloaded().event();

        assertThat(body)
                .isEqualTo("{\"error\":\"Model is overloaded\",\"error_type\":\"overloaded\"}");
        assertThat(event).isEqualTo("data:" + body + "\n\n");
    }

    private static TgiRequest parse(String body) {
        return TgiRequest.parse(body.getBytes(StandardCharsets.UTF_8));
    }
}
