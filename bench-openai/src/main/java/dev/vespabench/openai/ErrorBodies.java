package dev.vespabench.openai;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import dev.vespabench.api.FailureKind;
import dev.vespabench.api.HttpResponseData;
import dev.vespabench.api.Outcome;

/**
 * Reads the error bodies of OpenAI-compatible servers into failures.
 *
 * <p>The servers disagree on the shape: vLLM, llama.cpp and Ollama's OpenAI layer nest
 * {@code {"error": {"message": ..., "type": ...}}}, TGI sends
 * {@code {"error": "...", "error_type": "..."}}, older vLLM versions send a flat
 * {@code {"object": "error", "message": ...}}, and FastAPI routes send {@code {"detail": ...}}.
 * A body that is not JSON is quoted as text.
 */
final class ErrorBodies {

    /** The number of characters of a server's message kept in a failure. */
    static final int MAX_MESSAGE_CHARS = 200;

    private ErrorBodies() {
    }

    /**
     * Creates the failure for a response whose status is not 2xx.
     *
     * @param response the response
     * @return a failure of kind {@link FailureKind#HTTP_STATUS} labelled with the status code
     */
    static Outcome httpStatus(HttpResponseData response) {
        ServerError error = parse(response.body());
        String message = error.message().isEmpty()
                ? "HTTP " + response.status() + " with an empty body"
                : "HTTP " + response.status() + ": " + error.message();
        return Outcome.failed(FailureKind.HTTP_STATUS, Integer.toString(response.status()),
                message);
    }

    /**
     * Creates the failure for an error object that a server sent in a 2xx body or a stream.
     *
     * @param json the JSON text holding the error
     * @return a failure of kind {@link FailureKind#BACKEND_ERROR} labelled with the error type
     */
    static Outcome backendError(byte[] json) {
        ServerError error = parse(json);
        String label = error.type().isEmpty() ? "error" : error.type();
        String message = error.message().isEmpty()
                ? "server reported an error without a message"
                : "server reported an error: " + error.message();
        return Outcome.failed(FailureKind.BACKEND_ERROR, label, message);
    }

    /** Extracts the message and type of an error body, each empty when absent. */
    static ServerError parse(byte[] body) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(body);
        } catch (IOException e) {
            return new ServerError("", shorten(new String(body, StandardCharsets.UTF_8)));
        }
        if (root == null || !root.isObject()) {
            return new ServerError("", shorten(new String(body, StandardCharsets.UTF_8)));
        }

        JsonNode error = root.path("error");
        if (error.isObject()) {
            String type = firstText(error.path("type"), error.path("code"));
            return new ServerError(type, shorten(firstText(error.path("message"), error)));
        }
        String type = firstText(root.path("error_type"), root.path("type"));
        if (error.isTextual()) {
            return new ServerError(type, shorten(error.asText()));
        }
        String message = firstText(root.path("message"), root.path("detail"));
        return new ServerError(type, shorten(message));
    }

    /** Returns the text of the first node that is a string, or the JSON of the first object. */
    private static String firstText(JsonNode... nodes) {
        for (JsonNode node : nodes) {
            if (node.isTextual() || node.isNumber()) {
                return node.asText();
            }
        }
        for (JsonNode node : nodes) {
            if (node.isContainerNode() && !node.isEmpty()) {
                return node.toString();
            }
        }
        return "";
    }

    /** Returns the parser's message without its location, shortened for a failure message. */
    static String describe(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        return shorten(message == null ? e.getClass().getSimpleName() : message);
    }

    /** Joins the text onto one line and cuts it to {@link #MAX_MESSAGE_CHARS} characters. */
    static String shorten(String text) {
        String line = text.strip().replaceAll("\\s+", " ");
        if (line.length() <= MAX_MESSAGE_CHARS) {
            return line;
        }
        int end = MAX_MESSAGE_CHARS;
        if (Character.isHighSurrogate(line.charAt(end - 1))) {
            end--;
        }
        return line.substring(0, end) + "...";
    }

    /**
     * The parts of a server's error body that reports keep.
     *
     * @param type the error type or code, such as {@code overloaded}, or empty
     * @param message the message, at most {@link #MAX_MESSAGE_CHARS} characters and an
     *        ellipsis, or empty
     */
    record ServerError(String type, String message) {
    }
}
