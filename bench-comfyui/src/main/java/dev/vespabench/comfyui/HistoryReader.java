package dev.vespabench.comfyui;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import dev.vespabench.api.BodyReader;
import dev.vespabench.api.Call;
import dev.vespabench.api.HttpRequestSpec;
import dev.vespabench.api.HttpResponseData;
import dev.vespabench.api.Outcome;
import dev.vespabench.api.WorkloadSource;

/**
 * Reads ComfyUI's {@code GET /history/{prompt_id}} while a job runs.
 *
 * <p>ComfyUI returns {@code {}} while the job is queued or running, and
 * {@code {prompt_id: {"prompt", "outputs", "status": {"status_str", "completed", "messages"}}}}
 * once it has ended. Status {@code success} completes the request. Status {@code error} fails
 * it with the exception that the {@code execution_error} message reports. An empty object
 * requests another poll after a delay from {@link PollSchedule}. The engine's request timeout,
 * which covers every poll, ends the polls of a job that never finishes. Every poll carries the
 * job's clean-up requests, which the engine sends if the request ends unfinished.
 */
final class HistoryReader implements BodyReader {

    private final String promptId;
    private final double workload;
    private final Duration polled;
    private final List<HttpRequestSpec> cleanup;

    /**
     * Creates a reader for one poll.
     *
     * @param promptId the {@code prompt_id} that {@code POST /prompt} returned
     * @param workload the workload of the job once it succeeds
     * @param polled the sum of the delays before this poll and the earlier ones
     * @param cleanup the requests that remove the prompt if the request ends unfinished
     */
    HistoryReader(String promptId, double workload, Duration polled,
            List<HttpRequestSpec> cleanup) {
        this.promptId = promptId;
        this.workload = workload;
        this.polled = polled;
        this.cleanup = List.copyOf(cleanup);
    }

    /**
     * Creates the first poll of a job, after the shortest delay.
     *
     * @param promptId the {@code prompt_id} that {@code POST /prompt} returned
     * @param workload the workload of the job once it succeeds
     * @param cleanup the requests that remove the prompt if the request ends unfinished,
     *        which every later poll carries too
     * @return the follow-up
     */
    static Outcome.FollowUp firstPoll(String promptId, double workload,
            List<HttpRequestSpec> cleanup) {
        return poll(promptId, workload, Duration.ZERO, cleanup);
    }

    /** Returns the path polled for a prompt, {@code /history/} and the id in URL form. */
    static String path(String promptId) {
        return "/history/" + URLEncoder.encode(promptId, StandardCharsets.UTF_8)
                .replace("+", "%20");
    }

    @Override
    public Outcome read(HttpResponseData response) {
        JsonNode root = Json.parseObject(response.body());
        if (!response.isSuccess()) {
            return Failures.httpStatus(response, root);
        }
        if (root == null) {
            return Failures.unreadable("invalid_json", "GET " + path(promptId)
                    + " returned a body that is not a JSON object");
        }
        if (root.isEmpty()) {
            return poll(promptId, workload, polled, cleanup);
        }
        JsonNode entry = root.get(promptId);
        if (entry == null || !entry.isObject()) {
            return Failures.unreadable("unexpected_json", "GET " + path(promptId)
                    + " returned no entry for prompt " + promptId);
        }
        return finished(entry);
    }

    private Outcome finished(JsonNode entry) {
        JsonNode status = entry.path("status");
        if (status.isMissingNode() || status.isNull()) {
            // ComfyUI versions without the status field add an entry only for an ended job
            // and record no failure in it, so an entry without status counts as done.
            return Outcome.completed(workload, WorkloadSource.FIXED);
        }
        String statusText = Json.text(status.path("status_str"));
        return switch (statusText) {
            case "success" -> Outcome.completed(workload, WorkloadSource.FIXED);
            case "error" -> ComfyErrors.executionError(promptId, status.path("messages"));
            default -> Failures.unreadable("unexpected_status", "ComfyUI job " + promptId
                    + " ended with status_str '" + Json.shorten(statusText)
                    + "', expected success or error");
        };
    }

    private static Outcome.FollowUp poll(String promptId, double workload, Duration polled,
            List<HttpRequestSpec> cleanup) {
        Duration delay = PollSchedule.next(polled);
        HistoryReader next = new HistoryReader(promptId, workload, polled.plus(delay), cleanup);
        Call call = new Call(HttpRequestSpec.get(path(promptId)), next, workload);
        return new Outcome.FollowUp(call, delay, cleanup);
    }
}
