package dev.vespabench.comfyui;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.vespabench.api.FailureKind;
import dev.vespabench.api.Outcome;
import dev.vespabench.api.WorkloadSource;
import dev.vespabench.testkit.Samples;

class SyncResultReaderTest {

    private static final String COMPLETED = "vast-comfyui-json-sync-completed.json";

    private final SyncResultReader reader = new SyncResultReader(100.0);

    @Test
    void completedSampleGivesFixedWorkload() {
        Outcome outcome = reader.read(Samples.response(200, COMPLETED));

        assertThat(outcome).isEqualTo(Outcome.completed(100.0, WorkloadSource.FIXED));
    }

    @Test
    void workloadComesFromConstructor() {
        SyncResultReader pixels = new SyncResultReader(5242.88);

        Outcome outcome = pixels.read(Samples.response(200, COMPLETED));

        assertThat(outcome).isEqualTo(Outcome.completed(5242.88, WorkloadSource.FIXED));
    }

    @ParameterizedTest
    @CsvSource({
        "200, failed",
        "500, failed",
        "502, failed",
        "200, timeout",
        "499, cancelled",
    })
    void finalFailureStatusIsBackendError(int status, String value) {
        String body = "{\"id\":\"r1\",\"status\":\"" + value + "\","
                + "\"message\":\"Workflow failed: CUDA out of memory\",\"output\":[]}";

        Outcome outcome = reader.read(Samples.responseOf(status, body));

        assertThat(outcome).isEqualTo(Outcome.failed(FailureKind.BACKEND_ERROR, value,
                "comfyui-json worker reported status " + value + " with HTTP " + status
                        + ": Workflow failed: CUDA out of memory"));
    }

    @Test
    void failureWithoutMessageIsReported() {
        Outcome outcome = reader.read(Samples.responseOf(500, "{\"status\":\"failed\"}"));

        assertThat(outcome).isEqualTo(Outcome.failed(FailureKind.BACKEND_ERROR, "failed",
                "comfyui-json worker reported status failed with HTTP 500 and no message"));
    }

    @Test
    void serviceUnavailableWithoutResultIsHttpStatus() {
        Outcome outcome = reader.read(
                Samples.responseOf(503, "{\"detail\":\"Queue is full, retry later\"}"));

        assertThat(outcome).isEqualTo(Outcome.failed(FailureKind.HTTP_STATUS, "503",
                "HTTP 503: Queue is full, retry later"));
    }

    @Test
    void validationErrorQuotesDetail() {
        String body = "{\"detail\":[{\"type\":\"value_error\",\"loc\":[\"body\",\"input\"],"
                + "\"msg\":\"Must provide either workflow_json OR modifier\"}]}";

        Outcome outcome = reader.read(Samples.responseOf(422, body));

        assertThat(outcome).isInstanceOfSatisfying(Outcome.Failed.class, failed -> {
            assertThat(failed.kind()).isEqualTo(FailureKind.HTTP_STATUS);
            assertThat(failed.label()).isEqualTo("422");
            assertThat(failed.message()).contains("Must provide either workflow_json OR modifier");
        });
    }

    @Test
    void emptyErrorBodyIsNamed() {
        Outcome outcome = reader.read(Samples.responseOf(502, ""));

        assertThat(outcome).isEqualTo(Outcome.failed(FailureKind.HTTP_STATUS, "502",
                "HTTP 502 with an empty body"));
    }

    @Test
    void completedWithErrorStatusIsHttpStatus() {
        Outcome outcome = reader.read(Samples.responseOf(500,
                "{\"status\":\"completed\",\"message\":\"upload failed\"}"));

        assertThat(outcome).isEqualTo(Outcome.failed(FailureKind.HTTP_STATUS, "500",
                "HTTP 500: upload failed"));
    }

    @Test
    void unfinishedStatusIsUnexpected() {
        Outcome outcome = reader.read(Samples.responseOf(200,
                "{\"id\":\"r1\",\"status\":\"processing\",\"message\":\"\"}"));

        assertThat(outcome).isEqualTo(Outcome.failed(FailureKind.UNREADABLE_BODY,
                "unexpected_status",
                "POST /generate/sync returned status 'processing', which is not a final status"));
    }

    @Test
    void bodyThatIsNotJsonIsUnreadable() {
        Outcome outcome = reader.read(Samples.responseOf(200, "<html>ok</html>"));

        assertThat(outcome).isEqualTo(Outcome.failed(FailureKind.UNREADABLE_BODY,
                "invalid_json", "response body is not a JSON object"));
    }

    @Test
    void objectWithoutStatusIsUnreadable() {
        Outcome outcome = reader.read(Samples.responseOf(200, "{\"id\":\"r1\"}"));

        assertThat(outcome).isInstanceOfSatisfying(Outcome.Failed.class, failed -> {
            assertThat(failed.kind()).isEqualTo(FailureKind.UNREADABLE_BODY);
            assertThat(failed.label()).isEqualTo("unexpected_json");
        });
    }
}
