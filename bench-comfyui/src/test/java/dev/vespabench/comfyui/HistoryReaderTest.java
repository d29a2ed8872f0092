package dev.vespabench.comfyui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.vespabench.api.BodyReader;
import dev.vespabench.api.FailureKind;
import dev.vespabench.api.HttpRequestSpec;
import dev.vespabench.api.Outcome;
import dev.vespabench.api.WorkloadSource;
import dev.vespabench.testkit.Samples;

class HistoryReaderTest {

    private static final String PROMPT_ID = "3f1c2b9e-7a64-4d1e-9c0b-5e2a8f6d4b17";

    private static final List<HttpRequestSpec> CLEANUP = PromptCleanup.requests(PROMPT_ID, true);

    private final HistoryReader reader =
            new HistoryReader(PROMPT_ID, 100.0, Duration.ZERO, CLEANUP);

    @Test
    void successSampleCompletesJob() {
        Outcome outcome = reader.read(Samples.response(200, "comfyui-history-success.json"));

        assertThat(outcome).isEqualTo(Outcome.completed(100.0, WorkloadSource.FIXED));
    }

    @Test
    void emptyHistoryPollsAgain() {
        Outcome outcome = reader.read(Samples.responseOf(200, "{}"));

        assertThat(outcome).isInstanceOfSatisfying(Outcome.FollowUp.class, followUp -> {
            assertThat(followUp.next().request().method()).isEqualTo("GET");
            assertThat(followUp.next().request().path()).isEqualTo("/history/" + PROMPT_ID);
            assertThat(followUp.delay()).isEqualTo(PollSchedule.MIN);
            assertThat(followUp.cleanup()).isEqualTo(CLEANUP);
        });
    }

    @Test
    void pollDelaysGrowToMaximum() {
        Outcome outcome = HistoryReader.firstPoll(PROMPT_ID, 100.0, CLEANUP);
        List<Duration> delays = new ArrayList<>();
        Duration total = Duration.ZERO;

        while (total.compareTo(Duration.ofSeconds(120)) < 0) {
            Outcome.FollowUp followUp = (Outcome.FollowUp) outcome;
            delays.add(followUp.delay());
            assertThat(followUp.cleanup()).isEqualTo(CLEANUP);
            total = total.plus(followUp.delay());
            BodyReader next = (BodyReader) followUp.next().reader();
            outcome = next.read(Samples.responseOf(200, "{}"));
        }

        assertThat(delays.get(0)).isEqualTo(Duration.ofMillis(20));
        assertThat(delays).isSortedAccordingTo(Duration::compareTo);
        assertThat(delays.get(delays.size() - 1)).isEqualTo(Duration.ofSeconds(2));
        assertThat(delays).allSatisfy(delay -> assertThat(delay)
                .isBetween(PollSchedule.MIN, PollSchedule.MAX));
    }

    @Test
    void errorStatusReportsException() {
        String body = "{\"" + PROMPT_ID + "\": {\"prompt\": [], \"outputs\": {}, \"status\": {"
                + "\"status_str\": \"error\", \"completed\": false, \"messages\": ["
                + "[\"execution_start\", {\"prompt_id\": \"" + PROMPT_ID + "\"}],"
                + "[\"execution_error\", {\"prompt_id\": \"" + PROMPT_ID + "\", \"node_id\": \"3\","
                + " \"node_type\": \"KSampler\", \"exception_type\":"
                + " \"torch.OutOfMemoryError\", \"exception_message\": \"CUDA out of memory.\","
                + " \"traceback\": [\"...\"]}]]}}}";

        Outcome outcome = reader.read(Samples.responseOf(200, body));

        assertThat(outcome).isEqualTo(Outcome.failed(FailureKind.BACKEND_ERROR,
                "execution_error", "ComfyUI job " + PROMPT_ID + " failed in node 3 (KSampler):"
                        + " torch.OutOfMemoryError: CUDA out of memory."));
    }

    @Test
    void interruptedJobNamesNode() {
        String body = "{\"" + PROMPT_ID + "\": {\"status\": {\"status_str\": \"error\","
                + " \"completed\": false, \"messages\": [[\"execution_interrupted\","
                + " {\"node_id\": \"8\", \"node_type\": \"VAEDecode\"}]]}}}";

        Outcome outcome = reader.read(Samples.responseOf(200, body));

        assertThat(outcome).isEqualTo(Outcome.failed(FailureKind.BACKEND_ERROR,
                "execution_interrupted",
                "ComfyUI job " + PROMPT_ID + " was interrupted in node 8 (VAEDecode)"));
    }

    @Test
    void errorWithoutMessagesIsReported() {
        String body = "{\"" + PROMPT_ID + "\": {\"status\": {\"status_str\": \"error\","
                + " \"completed\": false, \"messages\": []}}}";

        Outcome outcome = reader.read(Samples.responseOf(200, body));

        assertThat(outcome).isEqualTo(Outcome.failed(FailureKind.BACKEND_ERROR, "error",
                "ComfyUI job " + PROMPT_ID
                        + " ended with status error and no execution_error message"));
    }

    @Test
    void entryWithoutStatusCompletes() {
        String body = "{\"" + PROMPT_ID + "\": {\"prompt\": [], \"outputs\": {}}}";

        Outcome outcome = reader.read(Samples.responseOf(200, body));

        assertThat(outcome).isEqualTo(Outcome.completed(100.0, WorkloadSource.FIXED));
    }

    @Test
    void unknownStatusIsUnexpected() {
        String body = "{\"" + PROMPT_ID + "\": {\"status\": {\"status_str\": \"paused\"}}}";

        Outcome outcome = reader.read(Samples.responseOf(200, body));

        assertThat(outcome).isInstanceOfSatisfying(Outcome.Failed.class, failed -> {
            assertThat(failed.kind()).isEqualTo(FailureKind.UNREADABLE_BODY);
            assertThat(failed.label()).isEqualTo("unexpected_status");
            assertThat(failed.message()).contains("'paused'");
        });
    }

    @Test
    void otherPromptIsUnexpected() {
        Outcome outcome = reader.read(Samples.responseOf(200, "{\"other\": {}}"));

        assertThat(outcome).isEqualTo(Outcome.failed(FailureKind.UNREADABLE_BODY,
                "unexpected_json", "GET /history/" + PROMPT_ID
                        + " returned no entry for prompt " + PROMPT_ID));
    }

    @Test
    void errorStatusCodeIsHttpStatus() {
        Outcome outcome = reader.read(Samples.responseOf(404, ""));

        assertThat(outcome).isEqualTo(Outcome.failed(FailureKind.HTTP_STATUS, "404",
                "HTTP 404 with an empty body"));
    }

    @Test
    void pathEncodesUnusualIds() {
        assertThat(HistoryReader.path("a b/c")).isEqualTo("/history/a%20b%2Fc");
    }
}
