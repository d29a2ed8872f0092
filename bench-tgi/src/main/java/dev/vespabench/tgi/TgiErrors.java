package dev.vespabench.tgi;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;

import org.jspecify.annotations.Nullable;

import dev.vespabench.api.FailureKind;
import dev.vespabench.api.HttpResponseData;
import dev.vespabench.api.Outcome;

/**
 * Reads TGI's error bodies into failures.
 *
 * <p>TGI reports an error as {@code {"error": "<message>", "error_type": "<type>"}}, with the
 * type one of {@code validation} (HTTP 422), {@code overloaded} (429), {@code generation} (424)
 * or {@code incomplete_generation} (500). It sends the same object as an event of a
 * {@code /generate_stream} response that has already started with HTTP 200. Failures in that
 * shape are counted as {@link FailureKind#BACKEND_ERROR} by their type, so a report separates
 * overload from invalid requests whatever the status code.
 */
final class TgiErrors {

    /** The number of characters of a server's message kept in a failure. */
    static final int MAX_MESSAGE_CHARS = 200;

    /** The label of an error object that has a message but no {@code error_type}. */
    static final String UNTYPED = "error";

    private TgiErrors() {
    }

    /**
     * Creates the failure for a response whose status is not 2xx: a backend error labelled
     * with the error type when the body has TGI's shape, else an HTTP status failure labelled
     * with the status code.
     *
     * @param response the response
     * @return the failure
     */
    static Outcome fromStatus(HttpResponseData response) {
        JsonNode root = parse(response.body());
        String status = Integer.toString(response.status());
        if (root != null && root.path("error").isTextual()
                && root.path("error_type").isTextual()) {
            return Outcome.failed(FailureKind.BACKEND_ERROR, root.path("error_type").asText(),
                    "server reported an error with HTTP " + status + ": "
                            + shorten(root.path("error").asText()));
        }

        String message = describeBody(root, response.body());
        return Outcome.failed(FailureKind.HTTP_STATUS, status, message.isEmpty()
                ? "HTTP " + status + " with an empty body"
                : "HTTP " + status + ": " + message);
    }

    /**
     * Creates the failure for an error object that arrived in a 2xx body or a stream event,
     * where only the object itself shows that the request failed.
     *
     * @param error the object, whose {@code error} field is a string
     * @return a failure of kind {@link FailureKind#BACKEND_ERROR} labelled with the error type,
     *         or {@value #UNTYPED} when the object has none
     */
    static Outcome fromObject(JsonNode error) {
        JsonNode type = error.path("error_type");
        String label = type.isTextual() && !type.asText().isBlank() ? type.asText() : UNTYPED;
        return Outcome.failed(FailureKind.BACKEND_ERROR, label,
                "server reported an error: " + shorten(error.path("error").asText()));
    }

    /**
     * Returns whether a JSON value is an error object in TGI's shape, which has a string
     * {@code error} field.
     *
     * @param node the value
     * @return true for an error object
     */
    static boolean isError(JsonNode node) {
        return node.path("error").isTextual();
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

    private static @Nullable JsonNode parse(byte[] body) {
        try {
            JsonNode root = Json.MAPPER.readTree(body);
            return root != null && root.isObject() ? root : null;
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Returns the message of a body that is not in TGI's shape: its {@code error},
     * {@code message} or {@code detail} string, else the body as text.
     */
    private static String describeBody(@Nullable JsonNode root, byte[] body) {
        if (root != null) {
            for (String field : new String[] {"error", "message", "detail"}) {
                if (root.path(field).isTextual()) {
                    return shorten(root.path(field).asText());
                }
            }
        }
        return shorten(new String(body, StandardCharsets.UTF_8));
    }
}
