package dev.vespabench.comfyui;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;

import org.jspecify.annotations.Nullable;

import dev.vespabench.api.FailureKind;
import dev.vespabench.api.HttpResponseData;
import dev.vespabench.api.Outcome;

/** Creates the failures that the ComfyUI readers share. */
final class Failures {

    private Failures() {
    }

    /**
     * Creates the failure for a response whose status is not 2xx and whose body is in no
     * shape the API defines, quoting the body's {@code detail}, {@code message} or
     * {@code error} string, else the body itself.
     *
     * @param response the response
     * @param root the body parsed as a JSON object, or null when it is not one
     * @return a failure of kind {@link FailureKind#HTTP_STATUS} labelled with the status code
     */
    static Outcome httpStatus(HttpResponseData response, @Nullable JsonNode root) {
        String status = Integer.toString(response.status());
        String detail = describe(root, response.body());
        return Outcome.failed(FailureKind.HTTP_STATUS, status, detail.isEmpty()
                ? "HTTP " + status + " with an empty body"
                : "HTTP " + status + ": " + detail);
    }

    /**
     * Creates the failure for a 2xx body that the API does not define.
     *
     * @param label the cause within the class, such as {@code invalid_json}
     * @param message a sentence naming what was expected
     * @return a failure of kind {@link FailureKind#UNREADABLE_BODY}
     */
    static Outcome unreadable(String label, String message) {
        return Outcome.failed(FailureKind.UNREADABLE_BODY, label, message);
    }

    private static String describe(@Nullable JsonNode root, byte[] body) {
        if (root != null) {
            for (String field : new String[] {"detail", "message", "error"}) {
                JsonNode value = root.path(field);
                if (value.isTextual() && !value.asText().isBlank()) {
                    return Json.shorten(value.asText());
                }
                if (value.isContainerNode() && !value.isEmpty()) {
                    return Json.shorten(value.toString());
                }
            }
        }
        return Json.shorten(new String(body, StandardCharsets.UTF_8));
    }
}
