package dev.vespabench.comfyui;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.vespabench.api.FailureKind;
import dev.vespabench.api.Outcome;

/**
 * Reads ComfyUI's two kinds of error report into failures: the validation error of
 * {@code POST /prompt} and the {@code execution_error} message of an ended job's history.
 */
final class ComfyErrors {

    /** The number of nodes with validation errors that a failure message names. */
    static final int MAX_NODES_NAMED = 3;

    /** The label of a rejected prompt whose error has no type. */
    static final String UNTYPED_REJECTION = "invalid_prompt";

    private ComfyErrors() {
    }

    /**
     * Creates the failure for a graph that {@code POST /prompt} rejected. ComfyUI returns HTTP
     * 400 with {@code {"error": {"type", "message", "details"}, "node_errors": {id: {"errors",
     * "class_type"}}}}, or {@code {"error": "no prompt"}} when the body has no graph.
     *
     * @param status the HTTP status
     * @param root the response body
     * @return a failure of kind {@link FailureKind#BACKEND_ERROR} labelled with the error type,
     *         such as {@code prompt_outputs_failed_validation}
     */
    static Outcome promptRejected(int status, JsonNode root) {
        JsonNode error = root.path("error");
        String type = Json.text(error.path("type"));
        String label = type.isBlank() ? UNTYPED_REJECTION : type;
        String text = error.isTextual() ? error.asText() : Json.text(error.path("message"));

        StringBuilder message = new StringBuilder("ComfyUI rejected the prompt with HTTP ")
                .append(status).append(" (").append(label).append(')');
        if (!text.isBlank()) {
            message.append(": ").append(withoutFinalPeriod(text));
        }
        List<String> nodes = describeNodeErrors(root.path("node_errors"));
        String details = Json.text(error.path("details"));
        if (!nodes.isEmpty()) {
            message.append(". ").append(String.join(". ", nodes));
        } else if (!details.isBlank()) {
            message.append(": ").append(withoutFinalPeriod(details));
        }
        if ("prompt_no_outputs".equals(type)) {
            message.append(". The graph needs an output node, such as SaveImage or PreviewImage");
        }
        return Outcome.failed(FailureKind.BACKEND_ERROR, label, Json.shorten(message + "."));
    }

    /**
     * Creates the failure for a job whose history reports status {@code error}, from its
     * {@code [event, data]} messages: the {@code execution_error} event names the node and the
     * exception, and {@code execution_interrupted} the node where the job was stopped.
     *
     * @param promptId the job's {@code prompt_id}
     * @param messages the {@code status.messages} array
     * @return a failure of kind {@link FailureKind#BACKEND_ERROR} labelled with the event name
     */
    static Outcome executionError(String promptId, JsonNode messages) {
        for (JsonNode event : messages) {
            String name = Json.text(event.path(0));
            JsonNode data = event.path(1);
            if ("execution_error".equals(name)) {
                String exception = Json.text(data.path("exception_type"));
                String detail = Json.text(data.path("exception_message")).strip();
                return Outcome.failed(FailureKind.BACKEND_ERROR, name, Json.shorten(
                        "ComfyUI job " + promptId + " failed in " + describeNode(data) + ": "
                                + (exception.isEmpty() ? "" : exception + ": ")
                                + (detail.isEmpty() ? "no exception message" : detail)));
            }
            if ("execution_interrupted".equals(name)) {
                return Outcome.failed(FailureKind.BACKEND_ERROR, name, "ComfyUI job " + promptId
                        + " was interrupted in " + describeNode(data));
            }
        }
        return Outcome.failed(FailureKind.BACKEND_ERROR, "error", "ComfyUI job " + promptId
                + " ended with status error and no execution_error message");
    }

    private static String withoutFinalPeriod(String text) {
        String stripped = text.strip();
        return stripped.endsWith(".") ? stripped.substring(0, stripped.length() - 1) : stripped;
    }

    /** Returns "node 3 (KSampler)" from an event's {@code node_id} and {@code node_type}. */
    private static String describeNode(JsonNode data) {
        String id = data.path("node_id").asText("");
        String type = Json.text(data.path("node_type"));
        if (id.isEmpty()) {
            return "an unnamed node";
        }
        return type.isEmpty() ? "node " + id : "node " + id + " (" + type + ")";
    }

    /** Returns one sentence per node, "Node 4 (CheckpointLoaderSimple): message: details". */
    private static List<String> describeNodeErrors(JsonNode nodeErrors) {
        List<String> described = new ArrayList<>();
        int count = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = nodeErrors.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> entry = it.next();
            count++;
            if (described.size() == MAX_NODES_NAMED) {
                continue;
            }
            JsonNode node = entry.getValue();
            String type = Json.text(node.path("class_type"));
            StringBuilder text = new StringBuilder("Node ").append(entry.getKey());
            if (!type.isEmpty()) {
                text.append(" (").append(type).append(')');
            }
            JsonNode first = node.path("errors").path(0);
            String reason = Json.text(first.path("message"));
            String details = Json.text(first.path("details"));
            text.append(": ").append(reason.isEmpty() ? "invalid" : reason);
            if (!details.isEmpty()) {
                text.append(": ").append(details);
            }
            described.add(text.toString());
        }
        if (count > described.size()) {
            described.add("And " + (count - described.size()) + " more nodes with errors");
        }
        return described;
    }
}
