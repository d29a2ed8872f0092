package dev.vespabench.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * A request that the server rejects with an error status and an error body in the shape that
 * vLLM (0.10.1 and later) sends:
 * {@code {"error":{"message":...,"type":"BadRequestError","param":null,"code":400}}}.
 */
final class ApiException extends RuntimeException {

    private final HttpResponseStatus status;
    private final String type;

    private ApiException(HttpResponseStatus status, String type, String message) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
    }

    static ApiException badRequest(String message) {
        return new ApiException(HttpResponseStatus.BAD_REQUEST, "BadRequestError", message);
    }

    static ApiException notFound(String message) {
        return new ApiException(HttpResponseStatus.NOT_FOUND, "NotFoundError", message);
    }

    static ApiException unavailable(String message) {
        return new ApiException(
                HttpResponseStatus.SERVICE_UNAVAILABLE, "ServiceUnavailableError", message);
    }

    /**
     * Creates an error of any status, for injected faults. The type follows the naming of the
     * factories above, such as {@code RateLimitError} for 429.
     */
    static ApiException of(HttpResponseStatus status, String type, String message) {
        return new ApiException(status, type, message);
    }

    HttpResponseStatus status() {
        return status;
    }

    /** Returns the error body as UTF-8 JSON. */
    byte[] body() {
        ObjectNode error = Json.object();
        error.put("message", getMessage());
        error.put("type", type);
        error.putNull("param");
        error.put("code", status.code());
        ObjectNode root = Json.object();
        root.set("error", error);
        return Json.bytes(root);
    }
}
