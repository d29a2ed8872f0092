package dev.vespabench.tgi;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

import com.fasterxml.jackson.databind.JsonNode;

import org.jspecify.annotations.Nullable;

import dev.vespabench.api.HttpResponseData;

/**
 * The parts of a TGI server's {@code GET /info} response that the benchmark uses.
 *
 * @param modelId the served model's {@code model_id}, or an empty string when unknown
 * @param maxConcurrentRequests {@code max_concurrent_requests}: TGI rejects requests beyond it
 *        with an {@code overloaded} error
 * @param maxTotalTokens {@code max_total_tokens}: the limit of prompt tokens plus
 *        {@code max_new_tokens} of one request
 * @param notes sentences for reports about what was read or why it is missing
 * @param pending whether the information is a placeholder until {@code /info} has been read
 */
record ServerInfo(String modelId, OptionalInt maxConcurrentRequests, OptionalInt maxTotalTokens,
        List<String> notes, boolean pending) {

    /** The path of TGI's server information. */
    static final String INFO_PATH = "/info";

    /** The information before discovery. */
    static final ServerInfo PENDING = new ServerInfo("", OptionalInt.empty(), OptionalInt.empty(),
            List.of("model unknown until GET " + INFO_PATH + " is read"), true);

    /** Creates the information, copying the notes. */
    ServerInfo {
        notes = List.copyOf(notes);
    }

    /**
     * Reads the information from a {@code GET /info} response.
     *
     * @param response the response, or null when the request failed or was not made
     * @return the information, never pending. Fields the response lacks are empty, and a note
     *         gives the reason.
     */
    static ServerInfo from(@Nullable HttpResponseData response) {
        if (response == null) {
            return unknown("GET " + INFO_PATH + " got no response");
        }
        if (!response.isSuccess()) {
            return unknown("GET " + INFO_PATH + " returned HTTP " + response.status());
        }
        JsonNode root;
        try {
            root = Json.readTree(response.body());
        } catch (IOException e) {
            return unknown("GET " + INFO_PATH + " returned a body that is not JSON");
        }
        if (!root.isObject()) {
            return unknown("GET " + INFO_PATH + " returned a body that is not a JSON object");
        }

        List<String> notes = new ArrayList<>();
        JsonNode id = root.path("model_id");
        String modelId = id.isTextual() ? id.asText().strip() : "";
        String version = root.path("version").isTextual() ? root.path("version").asText() : "";
        if (modelId.isEmpty()) {
            notes.add("model unknown because GET " + INFO_PATH + " has no model_id");
        } else {
            notes.add("model name from GET " + INFO_PATH
                    + (version.isEmpty() ? "" : ", TGI version " + version));
        }
        OptionalInt maxConcurrent = positiveInt(root.path("max_concurrent_requests"));
        if (maxConcurrent.isPresent()) {
            notes.add("server accepts at most " + maxConcurrent.getAsInt() + " concurrent"
                    + " requests (max_concurrent_requests from GET " + INFO_PATH
                    + ") and rejects more with error_type overloaded");
        }
        return new ServerInfo(modelId, maxConcurrent, positiveInt(root.path("max_total_tokens")),
                notes, false);
    }

    private static ServerInfo unknown(String reason) {
        return new ServerInfo("", OptionalInt.empty(), OptionalInt.empty(),
                List.of("model unknown because " + reason), false);
    }

    private static OptionalInt positiveInt(JsonNode node) {
        if (node.isIntegralNumber() && node.canConvertToInt() && node.asInt() > 0) {
            return OptionalInt.of(node.asInt());
        }
        return OptionalInt.empty();
    }
}
