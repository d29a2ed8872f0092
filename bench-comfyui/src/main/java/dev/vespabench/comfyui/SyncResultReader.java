package dev.vespabench.comfyui;

import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import dev.vespabench.api.BodyReader;
import dev.vespabench.api.FailureKind;
import dev.vespabench.api.HttpResponseData;
import dev.vespabench.api.Outcome;
import dev.vespabench.api.WorkloadSource;

/**
 * Reads the Result that the comfyui-json worker's {@code POST /generate/sync} returns once a job
 * has reached a final status.
 *
 * <p>The Result is {@code {"id", "status", "message", "output", "timings", ...}}. Status
 * {@code completed} is a finished job. Statuses {@code failed}, {@code timeout} and
 * {@code cancelled} end the job without its work, and the worker's {@code message} gives the
 * reason.
 * Recent builds of ai-dock/comfyui-api-wrapper send those with HTTP 500, 502 or 499 and older
 * builds with HTTP 200, so the body's status decides, whatever the HTTP status.
 */
final class SyncResultReader implements BodyReader {

    /** Final statuses other than {@code completed}, from the worker's README. */
    static final Set<String> FAILED_STATUSES = Set.of("failed", "timeout", "cancelled");

    private final double workload;

    /**
     * Creates a reader for jobs of the given workload.
     *
     * @param workload the workload of a completed job
     */
    SyncResultReader(double workload) {
        this.workload = workload;
    }

    @Override
    public Outcome read(HttpResponseData response) {
        JsonNode root = Json.parseObject(response.body());
        JsonNode status = root == null ? null : root.get("status");
        if (status == null || !status.isTextual()) {
            if (!response.isSuccess()) {
                return Failures.httpStatus(response, root);
            }
            return root == null
                    ? Failures.unreadable("invalid_json", "response body is not a JSON object")
                    : Failures.unreadable("unexpected_json",
                            "response body has no status string, so it is not a worker Result");
        }

        String value = status.asText();
        String message = Json.shorten(Json.text(root.path("message")));
        if (FAILED_STATUSES.contains(value)) {
            return Outcome.failed(FailureKind.BACKEND_ERROR, value, "comfyui-json worker"
                    + " reported status " + value + " with HTTP " + response.status()
                    + (message.isEmpty() ? " and no message" : ": " + message));
        }
        if (!response.isSuccess()) {
            return Failures.httpStatus(response, root);
        }
        if (!"completed".equals(value)) {
            return Failures.unreadable("unexpected_status", "POST /generate/sync returned"
                    + " status '" + Json.shorten(value) + "', which is not a final status");
        }
        return Outcome.completed(workload, WorkloadSource.FIXED);
    }
}
