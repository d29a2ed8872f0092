package dev.vespabench.openai;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.vespabench.api.FailureKind;
import dev.vespabench.api.Outcome;
import dev.vespabench.api.WorkloadSource;
import dev.vespabench.testkit.Samples;

class CompletionBodyReaderTest {

    private final CompletionBodyReader reader = new CompletionBodyReader(Api.COMPLETIONS, 500);

    @ParameterizedTest
    @ValueSource(strings = {"vllm-chat-completion.json", "llamacpp-chat-completion-timings.json"})
    void usageGivesReportedTokens(String sample) {
        Outcome outcome = reader.read(Samples.response(200, sample));

        assertThat(outcome).isEqualTo(Outcome.completed(8, WorkloadSource.REPORTED));
    }

    @Test
    void earlyStopWithoutUsageIsEstimatedFromTheText() {
        String body = "{\"id\":\"cmpl-1\",\"object\":\"text_completion\","
                + "\"choices\":[{\"index\":0,\"text\":\" Paris is the capital\","
                + "\"finish_reason\":\"stop\"}]}";

        Outcome outcome = reader.read(Samples.responseOf(200, body));

        // 21 characters at 4 per token, rounded up.
        assertThat(outcome).isEqualTo(Outcome.completed(6, WorkloadSource.ESTIMATED));
    }

    @Test
    void chatMessageTextIsEstimatedWithItsReasoning() {
        CompletionBodyReader chat = new CompletionBodyReader(Api.CHAT, 500);
        String body = "{\"choices\":[{\"message\":{\"role\":\"assistant\","
                + "\"reasoning_content\":\"12345678\",\"content\":\"abcd\"},"
                + "\"finish_reason\":\"stop\"}]}";

        Outcome outcome = chat.read(Samples.responseOf(200, body));

        assertThat(outcome).isEqualTo(Outcome.completed(3, WorkloadSource.ESTIMATED));
    }

    @Test
    void outputCutAtTheLimitWithoutUsageIsMaxTokens() {
        String body = "{\"choices\":[{\"text\":\"short\",\"finish_reason\":\"length\"}],"
                + "\"usage\":null}";

        Outcome outcome = reader.read(Samples.responseOf(200, body));

        assertThat(outcome).isEqualTo(Outcome.completed(500, WorkloadSource.ESTIMATED));
    }

    @Test
    void estimateNeverExceedsMaxTokens() {
        String body = "{\"choices\":[{\"text\":\"" + "x".repeat(4000) + "\"}]}";

        Outcome outcome = reader.read(Samples.responseOf(200, body));

        assertThat(outcome).isEqualTo(Outcome.completed(500, WorkloadSource.ESTIMATED));
    }

    @Test
    void usageWithoutCountIsEstimated() {
        String body = "{\"choices\":[{\"text\":\"abcdefgh\"}],\"usage\":{\"prompt_tokens\":12}}";

        Outcome outcome = reader.read(Samples.responseOf(200, body));

        assertThat(outcome).isEqualTo(Outcome.completed(2, WorkloadSource.ESTIMATED));
    }

    @Test
    void countAboveMaxTokensIsAFailure() {
        String body = "{\"choices\":[{\"text\":\"x\"}],"
                + "\"usage\":{\"completion_tokens\":1000000000}}";

        Outcome outcome = reader.read(Samples.responseOf(200, body));

        assertThat(outcome).isEqualTo(Outcome.failed(FailureKind.UNREADABLE_BODY,
                "implausible_usage", "usage.completion_tokens 1000000000 exceeds the requested"
                        + " max_tokens 500; the server's token count cannot be trusted"));
    }

    @Test
    void usageBeforeChoicesIsRead() {
        String body = "{\"usage\":{\"completion_tokens\":17},\"choices\":[{\"text\":\"x\"}]}";

        Outcome outcome = reader.read(Samples.responseOf(200, body));

        assertThat(outcome).isEqualTo(Outcome.completed(17, WorkloadSource.REPORTED));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "<html>Bad gateway</html>                                   | invalid_json",
        "''                                                         | unexpected_json",
        "[1, 2]                                                     | unexpected_json",
        "{\"id\":\"x\"}                                             | unexpected_json",
        "{\"choices\":[]} trailing                                  | invalid_json",
        "{\"choices\":[],\"usage\":{\"completion_tokens\":-3}}      | invalid_json",
        "{\"choices\":[],\"usage\":{\"completion_tokens\":\"8\"}}   | invalid_json",
        "{\"choices\":[],\"usage\":[]}                              | invalid_json",
        "{\"choices\":[{\"text\":\"cut off                          | invalid_json",
    })
    void unexpectedBodyIsUnreadable(String body, String label) {
        Outcome outcome = reader.read(Samples.responseOf(200, body));

        assertThat(outcome).isInstanceOf(Outcome.Failed.class);
        Outcome.Failed failed = (Outcome.Failed) outcome;
        assertThat(failed.kind()).isEqualTo(FailureKind.UNREADABLE_BODY);
        assertThat(failed.label()).isEqualTo(label);
    }

    @Test
    void nativeLlamaCppBodyIsUnreadable() {
        Outcome outcome = reader.read(Samples.response(200, "llamacpp-completion-native.json"));

        assertThat(outcome).isEqualTo(Outcome.failed(FailureKind.UNREADABLE_BODY,
                "unexpected_json", "response body has no choices array"));
    }

    @Test
    void errorInSuccessBodyIsBackendError() {
        String body = "{\"object\":\"error\",\"message\":\"engine is dead\","
                + "\"type\":\"InternalServerError\",\"code\":500}";

        Outcome outcome = reader.read(Samples.responseOf(200, body));

        assertThat(outcome).isEqualTo(Outcome.failed(FailureKind.BACKEND_ERROR,
                "InternalServerError", "server reported an error: engine is dead"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "400 | vllm-error-context-length.json   | HTTP 400: This model",
        "400 | llamacpp-error-context-size.json | HTTP 400: request (9000 tokens) exceeds the"
                + " available context size (8192 tokens), try increasing it",
        "503 | ollama-error-busy.json           | HTTP 503: server busy, please try again."
                + " maximum pending requests exceeded",
        "429 | tgi-error-overloaded.json        | HTTP 429: Model is overloaded",
    })
    void errorStatusKeepsServerMessage(int status, String sample, String messageStart) {
        Outcome outcome = reader.read(Samples.response(status, sample));

        assertThat(outcome).isInstanceOf(Outcome.Failed.class);
        Outcome.Failed failed = (Outcome.Failed) outcome;
        assertThat(failed.kind()).isEqualTo(FailureKind.HTTP_STATUS);
        assertThat(failed.label()).isEqualTo(Integer.toString(status));
        assertThat(failed.message()).startsWith(messageStart);
    }

    @Test
    void errorStatusTruncatesLongMessage() {
        String body = "{\"error\":{\"message\":\"" + "x".repeat(300) + "\"}}";

        Outcome outcome = reader.read(Samples.responseOf(400, body));

        String message = ((Outcome.Failed) outcome).message();
        assertThat(message).isEqualTo("HTTP 400: " + "x".repeat(200) + "...");
    }

    @Test
    void errorStatusJoinsMessageLines() {
        String body = "upstream failed\n  retry later\r\n";

        Outcome outcome = reader.read(Samples.responseOf(502, body));

        assertThat(((Outcome.Failed) outcome).message())
                .isEqualTo("HTTP 502: upstream failed retry later");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "502 | <html>Bad Gateway</html>  | HTTP 502: <html>Bad Gateway</html>",
        "503 | ''                                   | HTTP 503 with an empty body",
        "404 | {\"detail\":\"Not Found\"}           | HTTP 404: Not Found",
        "500 | {\"error\":{\"code\":500}}           | HTTP 500: {\"code\":500}",
    })
    void errorStatusDescribesOtherBodies(int status, String body, String message) {
        Outcome outcome = reader.read(Samples.responseOf(status, body));

        assertThat(outcome).isEqualTo(
                Outcome.failed(FailureKind.HTTP_STATUS, Integer.toString(status), message));
    }
}
