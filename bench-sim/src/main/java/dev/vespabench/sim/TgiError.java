package dev.vespabench.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * A TGI request that fails, with the status and the error object that TGI sends:
 * {@code {"error": "<message>", "error_type": "<type>"}}.
 *
 * <p>TGI sends the object as the body of an error status on {@code /generate}, and as an event
 * of an HTTP 200 stream on {@code /generate_stream} once the stream has started.
 */
final class TgiError extends RuntimeException {

    private final HttpResponseStatus status;
    private final String type;

    private TgiError(HttpResponseStatus status, String type, String message) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
    }

    /** Creates TGI's input validation error (HTTP 422), with TGI's message prefix. */
    static TgiError validation(String message) {
        return new TgiError(HttpResponseStatus.UNPROCESSABLE_ENTITY, "validation",
                "Input validation error: " + message);
    }

    /** Creates the error of a server with {@code max_concurrent_requests} in flight (429). */
    static TgiError overloaded() {
        return new TgiError(HttpResponseStatus.TOO_MANY_REQUESTS, "overloaded",
                "Model is overloaded");
    }

    /** Creates the error of a request that the simulator's shutdown cut short (500). */
    static TgiError incomplete() {
        return new TgiError(HttpResponseStatus.INTERNAL_SERVER_ERROR, "incomplete_generation",
                "Incomplete generation: the simulator shut down before the response finished");
    }

    /** Creates an error of any status and {@code error_type}, for injected faults. */
    static TgiError of(HttpResponseStatus status, String type, String message) {
        return new TgiError(status, type, message);
    }

    HttpResponseStatus status() {
        return status;
    }

    /** Returns the value of {@code error_type}, such as {@code validation}. */
    String type() {
        return type;
    }

    /** Returns the error object as UTF-8 JSON. */
    byte[] body() {
        return Json.bytes(object());
    }

    /** Returns the error object as one server-sent event, {@code data:} without a space. */
    String event() {
        return TgiResponses.event(object());
    }

    private ObjectNode object() {
        ObjectNode root = Json.object();
        root.put("error", getMessage());
        root.put("error_type", type);
        return root;
    }
}
