package dev.vespabench.sim;

import java.io.IOException;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.netty.handler.codec.http.HttpResponseStatus;
import org.jspecify.annotations.Nullable;

/**
 * A job for the comfyui-json worker's {@code POST /generate/sync}:
 * {@code {"input": {"request_id", "workflow_json"}}} or
 * {@code {"input": {"request_id", "modifier", "modifications"}}}, with exactly one of
 * {@code workflow_json} and {@code modifier}, as the worker's request model requires.
 *
 * @param requestId the request id, or a new UUID when the request has none
 * @param workflow the graph of {@code workflow_json}, or null in modifier mode
 * @param modifier the modifier's name, empty in workflow mode
 */
record WorkerJobRequest(String requestId, @Nullable JsonNode workflow, String modifier) {

    /**
     * The only modifier that the simulated worker accepts. The real worker also ships
     * {@code Image2Image}, which the benchmark does not use.
     */
    static final String TEXT_TO_IMAGE = "Text2Image";

    /**
     * Parses a request body.
     *
     * @param body the body bytes
     * @return the request
     * @throws Invalid when the body is not a request of that shape
     */
    static WorkerJobRequest parse(byte[] body) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new Invalid("json_invalid", "body", "JSON decode error");
        }
        JsonNode input = root == null ? null : root.get("input");
        if (input == null || !input.isObject()) {
            throw new Invalid("missing", "input", "Field required");
        }

        String requestId = input.path("request_id").asText("");
        JsonNode workflow = input.path("workflow_json");
        boolean hasWorkflow = workflow.isObject() && !workflow.isEmpty();
        String modifier = input.path("modifier").asText("");
        if (hasWorkflow && !modifier.isEmpty()) {
            throw new Invalid("value_error", "input", "Value error, Cannot provide both"
                    + " workflow_json and modifier - they are mutually exclusive");
        }
        if (!hasWorkflow && modifier.isEmpty()) {
            throw new Invalid("value_error", "input",
                    "Value error, Must provide either workflow_json OR modifier");
        }
        return new WorkerJobRequest(
                requestId.isBlank() ? UUID.randomUUID().toString() : requestId,
                hasWorkflow ? workflow : null, modifier);
    }

    /**
     * A body that the worker's request model rejects, sent back as FastAPI does: HTTP 422 with
     * {@code {"detail": [{"type", "loc", "msg"}]}}.
     */
    static final class Invalid extends RuntimeException {

        private static final long serialVersionUID = 1L;

        private final String type;
        private final String field;

        Invalid(String type, String field, String message) {
            super(message, null, false, false);
            this.type = type;
            this.field = field;
        }

        HttpResponseStatus status() {
            return HttpResponseStatus.UNPROCESSABLE_ENTITY;
        }

        byte[] body() {
            ObjectNode root = Json.object();
            ObjectNode detail = root.putArray("detail").addObject();
            detail.put("type", type);
            detail.putArray("loc").add("body").add(field);
            detail.put("msg", getMessage());
            return Json.bytes(root);
        }
    }
}
