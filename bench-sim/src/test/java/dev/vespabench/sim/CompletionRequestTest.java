package dev.vespabench.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CompletionRequestTest {

    private static final String MODEL = "sim-model";

    private static CompletionRequest parse(Endpoint endpoint, String json) {
        return CompletionRequest.parse(json.getBytes(StandardCharsets.UTF_8), endpoint, MODEL);
    }

    @Test
    void absentFieldsTakeDefaults() {
        CompletionRequest request = parse(Endpoint.COMPLETIONS, "{\"prompt\":\"one two three\"}");

        assertThat(request.maxTokens()).isEqualTo(16);
        assertThat(request.promptTokens()).isEqualTo(3);
        assertThat(request.stream()).isFalse();
        assertThat(request.streamUsage()).isFalse();
    }

    @Test
    void nullMaxTokensTakesDefault() {
        CompletionRequest request =
                parse(Endpoint.COMPLETIONS, "{\"prompt\":\"a\",\"max_tokens\":null}");

        assertThat(request.maxTokens()).isEqualTo(16);
    }

    @Test
    void streamOptionsSetUsage() {
        CompletionRequest request = parse(Endpoint.COMPLETIONS, "{\"prompt\":\"a\",\"stream\":true,"
                + "\"stream_options\":{\"include_usage\":true},\"max_tokens\":7}");

        assertThat(request.stream()).isTrue();
        assertThat(request.streamUsage()).isTrue();
        assertThat(request.maxTokens()).isEqualTo(7);
    }

    @Test
    void tokenIdPromptCountsIds() {
        CompletionRequest request = parse(Endpoint.COMPLETIONS, "{\"prompt\":[5,6,7,8]}");

        assertThat(request.promptTokens()).isEqualTo(4);
    }

    @Test
    void chatCountsWordsOfAllMessages() {
        CompletionRequest request = parse(Endpoint.CHAT, "{\"messages\":["
                + "{\"role\":\"system\",\"content\":\"be brief\"},"
                + "{\"role\":\"user\",\"content\":"
                + "[{\"type\":\"text\",\"text\":\"hello there you\"}]},"
                + "{\"role\":\"assistant\",\"content\":null}]}");

        assertThat(request.promptTokens()).isEqualTo(5);
    }

    @Test
    void chatPrefersMaxCompletionTokens() {
        CompletionRequest request = parse(Endpoint.CHAT, "{\"messages\":[{\"role\":\"user\","
                + "\"content\":\"hi\"}],\"max_tokens\":50,\"max_completion_tokens\":9}");

        assertThat(request.maxTokens()).isEqualTo(9);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "COMPLETIONS | {\"prompt\":\"a\",\"max_tokens\":0}"
                + "  | 400 | max_tokens must be an integer from 1 to 2147483647, got 0",
        "COMPLETIONS | {\"prompt\":\"a\",\"max_tokens\":-5}"
                + " | 400 | max_tokens must be an integer from 1 to 2147483647, got -5",
        "COMPLETIONS | {\"prompt\":\"a\",\"max_tokens\":1.5}"
                + " | 400 | max_tokens must be an integer from 1 to 2147483647, got 1.5",
        "COMPLETIONS | {\"prompt\":\"a\",\"max_tokens\":\"10\"}"
                + " | 400 | max_tokens must be an integer from 1 to 2147483647, got \"10\"",
        "COMPLETIONS | {\"prompt\":\"a\",\"max_tokens\":3000000000}"
                + " | 400 | max_tokens must be an integer from 1 to 2147483647, got 3000000000",
        "CHAT | {\"messages\":[{\"role\":\"user\",\"content\":\"a\"}],\"max_completion_tokens\":0}"
                + " | 400 | max_completion_tokens must be an integer from 1",
        "COMPLETIONS | {\"prompt\":\"a\",\"model\":\"gpt-4\"}"
                + " | 404 | The model `gpt-4` does not exist.",
        "COMPLETIONS | {\"prompt\":\"a\",\"model\":7} | 400 | model must be a string, got 7",
        "COMPLETIONS | {\"max_tokens\":5} | 400 | prompt is missing",
        "COMPLETIONS | {\"prompt\":\"\"} | 400 | prompt must not be empty",
        "COMPLETIONS | {\"prompt\":[\"a\",\"b\"]}"
                + " | 400 | does not support batches of several prompts",
        "COMPLETIONS | {\"prompt\":{}} | 400 | prompt must be a string or an array of token ids",
        "CHAT | {\"prompt\":\"a\"} | 400 | messages is missing",
        "CHAT | {\"messages\":[]} | 400 | messages must be a non-empty array",
        "CHAT | {\"messages\":[{\"content\":\"a\"}]} | 400 | messages[0].role must be a string",
        "CHAT | {\"messages\":[{\"role\":\"user\",\"content\":5}]}"
                + " | 400 | messages[0].content must be a string or an array",
        "COMPLETIONS | {\"prompt\":\"a\",\"temperature\":-1}"
                + " | 400 | temperature must be a non-negative number, got -1",
        "COMPLETIONS | {\"prompt\":\"a\",\"n\":2} | 400 | n must be 1 in this simulator, got 2",
        "COMPLETIONS | {\"prompt\":\"a\",\"stream\":\"yes\"}"
                + " | 400 | stream must be true or false, got \"yes\"",
        "COMPLETIONS | {\"prompt\":\"a\",\"stream_options\":{\"include_usage\":true}}"
                + " | 400 | Stream options can only be defined when `stream=True`.",
        "COMPLETIONS | {\"prompt\":\"a\" | 400 | invalid JSON in the request body",
        "COMPLETIONS | [1,2] | 400 | the request body must be a JSON object",
        "COMPLETIONS | '' | 400 | the request body must be a JSON object",
    })
    void invalidRequestIsRejected(Endpoint endpoint, String json, int status, String message) {
        ApiException error = catchThrowableOfType(ApiException.class, () -> parse(endpoint, json));

        assertThat(error).as("exception for %s", json).isNotNull();
        assertThat(error.status().code()).isEqualTo(status);
        assertThat(error.getMessage()).contains(message);
    }
}
