package dev.vespabench.comfyui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.vespabench.api.FailureKind;
import dev.vespabench.api.HttpRequestSpec;
import dev.vespabench.api.Outcome;
import dev.vespabench.testkit.Samples;

class PromptResponseReaderTest {

    private static final String PROMPT_ID = "3f1c2b9e-7a64-4d1e-9c0b-5e2a8f6d4b17";

    private final PromptResponseReader reader = new PromptResponseReader(100.0, true);

    @Test
    void acceptedPromptPollsHistory() {
        Outcome outcome = reader.read(Samples.response(200, "comfyui-prompt-accepted.json"));

        assertThat(outcome).isInstanceOfSatisfying(Outcome.FollowUp.class, followUp -> {
            HttpRequestSpec request = followUp.next().request();
            assertThat(request.method()).isEqualTo("GET");
            assertThat(request.path()).isEqualTo("/history/" + PROMPT_ID);
            assertThat(request.body()).isNull();
            assertThat(followUp.delay()).isEqualTo(Duration.ofMillis(20));
            assertThat(followUp.next().reader()).isInstanceOf(HistoryReader.class);
            assertThat(followUp.next().expectedWorkload()).isEqualTo(100.0);
            assertThat(followUp.cleanup()).extracting(HttpRequestSpec::path)
                    .containsExactly("/queue", "/interrupt");
            assertThat(followUp.cleanup()).allSatisfy(cleanup -> assertThat(
                    new String(cleanup.body(), StandardCharsets.UTF_8)).contains(PROMPT_ID));
        });
    }

    @Test
    void olderServerGetsNoInterrupt() {
        PromptResponseReader withoutInterrupt = new PromptResponseReader(100.0, false);

        Outcome outcome =
                withoutInterrupt.read(Samples.response(200, "comfyui-prompt-accepted.json"));

        assertThat(outcome).isInstanceOfSatisfying(Outcome.FollowUp.class, followUp ->
                assertThat(followUp.cleanup()).extracting(HttpRequestSpec::path)
                        .containsExactly("/queue"));
    }

    @Test
    void validationErrorNamesTypeNodeAndReason() {
        Outcome outcome =
                reader.read(Samples.response(400, "comfyui-prompt-validation-error.json"));

        assertThat(outcome).isInstanceOfSatisfying(Outcome.Failed.class, failed -> {
            assertThat(failed.kind()).isEqualTo(FailureKind.BACKEND_ERROR);
            assertThat(failed.label()).isEqualTo("prompt_outputs_failed_validation");
            assertThat(failed.message()).isEqualTo("ComfyUI rejected the prompt with HTTP 400"
                    + " (prompt_outputs_failed_validation): Prompt outputs failed validation."
                    + " Node 4 (CheckpointLoaderSimple): Value not in list: ckpt_name:"
                    + " 'sdxl_turbo.safetensors' not in ['v1-5-pruned-emaonly.safetensors'].");
        });
    }

    @Test
    void graphWithoutOutputNodeIsExplained() {
        String body = "{\"error\": {\"type\": \"prompt_no_outputs\", \"message\": \"Prompt has no"
                + " outputs\", \"details\": \"\", \"extra_info\": {}}, \"node_errors\": []}";

        Outcome outcome = reader.read(Samples.responseOf(400, body));

        assertThat(outcome).isEqualTo(Outcome.failed(FailureKind.BACKEND_ERROR,
                "prompt_no_outputs", "ComfyUI rejected the prompt with HTTP 400"
                        + " (prompt_no_outputs): Prompt has no outputs. The graph needs an"
                        + " output node, such as SaveImage or PreviewImage."));
    }

    @Test
    void errorDetailsAreQuotedWithoutNodeErrors() {
        String body = "{\"error\": {\"type\": \"invalid_prompt\", \"message\": \"Cannot execute"
                + " because node Foo does not exist.\", \"details\": \"Node ID '#12'\"},"
                + " \"node_errors\": {}}";

        Outcome outcome = reader.read(Samples.responseOf(400, body));

        assertThat(outcome).isEqualTo(Outcome.failed(FailureKind.BACKEND_ERROR,
                "invalid_prompt", "ComfyUI rejected the prompt with HTTP 400 (invalid_prompt):"
                        + " Cannot execute because node Foo does not exist: Node ID '#12'."));
    }

    @Test
    void textErrorOfMissingGraphIsRejection() {
        Outcome outcome = reader.read(
                Samples.responseOf(400, "{\"error\": \"no prompt\", \"node_errors\": []}"));

        assertThat(outcome).isEqualTo(Outcome.failed(FailureKind.BACKEND_ERROR,
                "invalid_prompt",
                "ComfyUI rejected the prompt with HTTP 400 (invalid_prompt): no prompt."));
    }

    @Test
    void manyNodeErrorsAreCounted() {
        StringBuilder nodes = new StringBuilder();
        for (int i = 1; i <= 5; i++) {
            nodes.append(i == 1 ? "" : ",").append("\"").append(i).append("\": {\"errors\":"
                    + " [{\"message\": \"Required input is missing\", \"details\": \"x\"}],"
                    + " \"class_type\": \"N\"}");
        }
        String body = "{\"error\": {\"type\": \"prompt_outputs_failed_validation\","
                + " \"message\": \"Prompt outputs failed validation\"}, \"node_errors\": {"
                + nodes + "}}";

        Outcome outcome = reader.read(Samples.responseOf(400, body));

        assertThat(outcome).isInstanceOfSatisfying(Outcome.Failed.class, failed -> {
            assertThat(failed.message()).contains("Node 1 (N): Required input is missing: x");
            assertThat(failed.message()).contains("Node 3 (N)");
            assertThat(failed.message()).doesNotContain("Node 4 (N)");
            assertThat(failed.message()).endsWith("And 2 more nodes with errors.");
        });
    }

    @Test
    void serverErrorIsHttpStatus() {
        Outcome outcome = reader.read(Samples.responseOf(500, "500 Internal Server Error"));

        assertThat(outcome).isEqualTo(Outcome.failed(FailureKind.HTTP_STATUS, "500",
                "HTTP 500: 500 Internal Server Error"));
    }

    @Test
    void missingPromptIdIsUnreadable() {
        Outcome outcome = reader.read(Samples.responseOf(200, "{\"number\": 3}"));

        assertThat(outcome).isEqualTo(Outcome.failed(FailureKind.UNREADABLE_BODY,
                "unexpected_json", "POST /prompt returned no prompt_id"));
    }

    @Test
    void bodyThatIsNotJsonIsUnreadable() {
        Outcome outcome = reader.read(Samples.responseOf(200, "queued"));

        assertThat(outcome).isEqualTo(Outcome.failed(FailureKind.UNREADABLE_BODY,
                "invalid_json", "POST /prompt returned a body that is not a JSON object"));
    }
}
