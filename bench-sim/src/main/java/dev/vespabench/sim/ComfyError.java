package dev.vespabench.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * A request that ComfyUI's {@code POST /prompt} rejects, with the HTTP 400 body it sends:
 * {@code {"error": {"type", "message", "details", "extra_info"}, "node_errors": {}}}. The types
 * and messages are those of {@code validate_prompt} in ComfyUI's {@code execution.py} and of
 * {@code post_prompt} in its {@code server.py}.
 */
final class ComfyError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String type;
    private final String details;

    private ComfyError(String type, String message, String details) {
        super(message, null, false, false);
        this.type = type;
        this.details = details;
    }

    /** Creates the error of a body without a {@code prompt} object. */
    static ComfyError noPrompt() {
        return new ComfyError("no_prompt", "No prompt provided", "No prompt provided");
    }

    /** Creates the error of a node without a {@code class_type} string. */
    static ComfyError missingClassType(String nodeId) {
        return new ComfyError("invalid_prompt",
                "Cannot execute because a node is missing the class_type property.",
                "Node ID '#" + nodeId + "'");
    }

    /** Creates the error of a graph without an output node, such as SaveImage. */
    static ComfyError noOutputs() {
        return new ComfyError("prompt_no_outputs", "Prompt has no outputs", "");
    }

    String type() {
        return type;
    }

    HttpResponseStatus status() {
        return HttpResponseStatus.BAD_REQUEST;
    }

    /** Returns the response body. */
    byte[] body() {
        ObjectNode root = Json.object();
        ObjectNode error = root.putObject("error");
        error.put("type", type);
        error.put("message", getMessage());
        error.put("details", details);
        error.putObject("extra_info");
        root.putObject("node_errors");
        return Json.bytes(root);
    }
}
