package dev.vespabench.tgi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.vespabench.api.FailureKind;
import dev.vespabench.api.Outcome;
import dev.vespabench.api.WorkloadSource;
import dev.vespabench.testkit.Samples;

class GenerateBodyReaderTest {

    private final GenerateBodyReader reader = new GenerateBodyReader(256);

    @Test
    void detailsGiveGeneratedTokens() {
        Outcome outcome = reader.read(Samples.response(200, "tgi-generate-details.json"));

        assertThat(outcome).isEqualTo(Outcome.completed(10, WorkloadSource.REPORTED));
    }

    @Test
    void earlyStopReportsTokensGenerated() {
        String body = "{\"generated_text\":\" yes\",\"details\":{\"finish_reason\":\"eos_token\","
                + "\"generated_tokens\":2,\"seed\":null,\"prefill\":[],\"tokens\":[]}}";

        Outcome outcome = reader.read(Samples.responseOf(200, body));

        assertThat(outcome).isEqualTo(Outcome.completed(2, WorkloadSource.REPORTED));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"generated_text\":\" Paris\"}",
        "{\"generated_text\":\" Paris\",\"details\":null}",
        "{\"generated_text\":\" Paris\",\"details\":{\"generated_tokens\":null}}",
        "{\"generated_text\":\" Paris\",\"details\":{\"finish_reason\":\"eos_token\"}}",
    })
    void missingCountIsEstimatedFromText(String body) {
        Outcome outcome = reader.read(Samples.responseOf(200, body));

        // 6 characters at 4 per token, rounded up.
        assertThat(outcome).isEqualTo(Outcome.completed(2, WorkloadSource.ESTIMATED));
    }

    @Test
    void missingCountAtTheLimitIsMaxNewTokens() {
        String body = "{\"generated_text\":\" Paris\",\"details\":{\"finish_reason\":\"length\"}}";

        Outcome outcome = reader.read(Samples.responseOf(200, body));

        assertThat(outcome).isEqualTo(Outcome.completed(256, WorkloadSource.ESTIMATED));
    }

    @Test
    void countAboveMaxNewTokensIsAFailure() {
        String body = "{\"generated_text\":\"x\",\"details\":{\"generated_tokens\":257}}";

        Outcome outcome = reader.read(Samples.responseOf(200, body));

        assertThat(outcome).isEqualTo(Outcome.failed(FailureKind.UNREADABLE_BODY,
                "implausible_usage", "details.generated_tokens 257 exceeds the requested"
                        + " max_new_tokens 256; the server's token count cannot be trusted"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "<html>Bad gateway</html>                                      | invalid_json",
        "''                                                            | unexpected_json",
        "[{\"generated_text\":\"x\"}]                                  | unexpected_json",
        "{\"details\":{\"generated_tokens\":3}}                        | unexpected_json",
        "{\"generated_text\":null}                                     | unexpected_json",
        "{\"generated_text\":\"x\"} trailing                           | invalid_json",
        "{\"generated_text\":\"x\",\"details\":[]}                     | unexpected_json",
        "{\"generated_text\":\"x\",\"details\":{\"generated_tokens\":-1}}  | unexpected_json",
        "{\"generated_text\":\"x\",\"details\":{\"generated_tokens\":\"3\"}} | unexpected_json",
        "{\"generated_text\":\"x\",\"details\":{\"generated_tokens\":2.5}}  | unexpected_json",
        "{\"generated_text\":\"cut off                                 | invalid_json",
    })
    void unexpectedBodyIsUnreadable(String body, String label) {
        Outcome outcome = reader.read(Samples.responseOf(200, body));

        assertThat(outcome).isInstanceOf(Outcome.Failed.class);
        Outcome.Failed failed = (Outcome.Failed) outcome;
        assertThat(failed.kind()).isEqualTo(FailureKind.UNREADABLE_BODY);
        assertThat(failed.label()).isEqualTo(label);
    }

    @Test
    void overloadedBodyIsBackendError() {
        Outcome outcome = reader.read(Samples.response(429, "tgi-error-overloaded.json"));

        assertThat(outcome).isEqualTo(Outcome.failed(FailureKind.BACKEND_ERROR, "overloaded",
                "server reported an error with HTTP 429: Model is overloaded"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "422 | validation            | Input validation error: `max_new_tokens` must be"
                + " strictly positive",
        "424 | generation            | Request failed during generation: CUDA out of memory",
        "500 | incomplete_generation | Incomplete generation",
        "503 | overloaded            | Model is overloaded",
    })
    void errorBodyIsCountedByErrorType(int status, String type, String message) {
        String body = "{\"error\":\"" + message + "\",\"error_type\":\"" + type + "\"}";

        Outcome outcome = reader.read(Samples.responseOf(status, body));

        assertThat(outcome).isEqualTo(Outcome.failed(FailureKind.BACKEND_ERROR, type,
                "server reported an error with HTTP " + status + ": " + message));
        assertThat(((Outcome.Failed) outcome).cause()).isEqualTo("backend_error:" + type);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "502 | <html>Bad Gateway</html>        | HTTP 502: <html>Bad Gateway</html>",
        "503 | ''                              | HTTP 503 with an empty body",
        "404 | {\"error\":\"Not Found\"}       | HTTP 404: Not Found",
        "404 | {\"detail\":\"Not Found\"}      | HTTP 404: Not Found",
        "500 | {\"error_type\":\"generation\"} | HTTP 500: {\"error_type\":\"generation\"}",
    })
    void otherErrorStatusIsHttpStatus(int status, String body, String message) {
        Outcome outcome = reader.read(Samples.responseOf(status, body));

        assertThat(outcome).isEqualTo(
                Outcome.failed(FailureKind.HTTP_STATUS, Integer.toString(status), message));
    }

    @Test
    void errorMessageIsShortened() {
        String body = "{\"error\":\"" + "x".repeat(300) + "\",\"error_type\":\"validation\"}";

        Outcome outcome = reader.read(Samples.responseOf(422, body));

        assertThat(((Outcome.Failed) outcome).message())
                .isEqualTo("server reported an error with HTTP 422: " + "x".repeat(200) + "...");
    }

    @Test
    void errorInSuccessBodyIsBackendError() {
        String body = "{\"error\":\"Request failed during generation: shard crashed\","
                + "\"error_type\":\"generation\"}";

        Outcome outcome = reader.read(Samples.responseOf(200, body));

        assertThat(outcome).isEqualTo(Outcome.failed(FailureKind.BACKEND_ERROR, "generation",
                "server reported an error: Request failed during generation: shard crashed"));
    }

    @Test
    void untypedErrorInSuccessBodyIsBackendError() {
        Outcome outcome = reader.read(Samples.responseOf(200, "{\"error\":\"shard crashed\"}"));

        assertThat(outcome).isEqualTo(Outcome.failed(FailureKind.BACKEND_ERROR, "error",
                "server reported an error: shard crashed"));
    }
}
