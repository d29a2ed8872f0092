package dev.vespabench.comfyui;

import com.fasterxml.jackson.databind.JsonNode;

import dev.vespabench.api.BodyReader;
import dev.vespabench.api.HttpResponseData;
import dev.vespabench.api.Outcome;

/**
 * Reads ComfyUI's response to {@code POST /prompt}: {@code {"prompt_id", "number",
 * "node_errors"}} when the job was queued, which starts the polls of its history, or a
 * validation error with HTTP 400, which fails the request without a retry. The polls carry
 * the {@link PromptCleanup} requests of the prompt.
 */
final class PromptResponseReader implements BodyReader {

    private final double workload;
    private final boolean interrupt;

    /**
     * Creates a reader for jobs of the given workload.
     *
     * @param workload the workload of a job once it succeeds
     * @param interrupt whether the job's clean-up interrupts it while it runs, as well as
     *        deleting it from the queue
     */
    PromptResponseReader(double workload, boolean interrupt) {
        this.workload = workload;
        this.interrupt = interrupt;
    }

    @Override
    public Outcome read(HttpResponseData response) {
        JsonNode root = Json.parseObject(response.body());
        if (!response.isSuccess()) {
            if (root != null && response.status() == 400 && root.has("error")) {
                return ComfyErrors.promptRejected(response.status(), root);
            }
            return Failures.httpStatus(response, root);
        }
        if (root == null) {
            return Failures.unreadable("invalid_json", "POST /prompt returned a body that is"
                    + " not a JSON object");
        }
        JsonNode promptId = root.path("prompt_id");
        if (!promptId.isTextual() || promptId.asText().isBlank()) {
            return Failures.unreadable("unexpected_json", "POST /prompt returned no prompt_id");
        }
        // NOTE: a non-empty node_errors with HTTP 200 means that ComfyUI queued the outputs
        // that passed validation and dropped the others. The job then does less work than the
        // graph describes, but it runs on the server, so it is followed like any other.
        return HistoryReader.firstPoll(promptId.asText(), workload,
                PromptCleanup.requests(promptId.asText(), interrupt));
    }
}
