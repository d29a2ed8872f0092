package dev.vespabench.openai;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;

import org.jspecify.annotations.Nullable;

import dev.vespabench.api.BackendOptions;
import dev.vespabench.api.HttpResponseData;

/**
 * The model name sent in requests and where it came from.
 *
 * @param name the model name
 * @param note a sentence for reports that names the source of the name
 * @param pending whether the name is a placeholder until the model listing has been read
 */
record ModelChoice(String name, String note, boolean pending) {

    /** The path of the OpenAI model listing, served by every OpenAI-compatible server. */
    static final String MODELS_PATH = "/v1/models";

    /** The model name of the Python benchmarks when {@code MODEL_NAME} was unset. */
    static final String DEFAULT_NAME = "model";

    private static final String HINT =
            ". Set the model option or " + OpenAiSettings.MODEL_VARIABLE + " to choose another.";

    /**
     * Returns the model from the {@code model} option, else from {@code MODEL_NAME}, else a
     * placeholder that {@link #fromListing} replaces.
     *
     * @param options the user's options
     * @return the choice
     */
    static ModelChoice fromOptions(BackendOptions options) {
        String option = options.values().get(OpenAiSettings.MODEL);
        if (option != null && !option.isBlank()) {
            return new ModelChoice(option.strip(), "model name from the model option", false);
        }
        return options.get(OpenAiSettings.MODEL, OpenAiSettings.MODEL_VARIABLE)
                .map(name -> new ModelChoice(name, "model name from "
                        + OpenAiSettings.MODEL_VARIABLE, false))
                .orElseGet(() -> new ModelChoice(DEFAULT_NAME, "model not discovered: GET "
                        + MODELS_PATH + " has not been read", true));
    }

    /**
     * Returns the first model that {@code GET /v1/models} lists, else the default name with a
     * note that gives the reason.
     *
     * @param response the listing, or null when the request failed or was not made
     * @return the choice, never pending
     */
    static ModelChoice fromListing(@Nullable HttpResponseData response) {
        if (response == null) {
            return fallback("GET " + MODELS_PATH + " got no response");
        }
        if (!response.isSuccess()) {
            return fallback("GET " + MODELS_PATH + " returned HTTP " + response.status());
        }

        JsonNode root;
        try {
            root = Json.MAPPER.readTree(response.body());
        } catch (IOException e) {
            return fallback("GET " + MODELS_PATH + " returned a body that is not JSON");
        }
        JsonNode data = root == null ? null : root.path("data");
        if (data == null || !data.isArray()) {
            return fallback("GET " + MODELS_PATH + " returned no data array");
        }
        if (data.isEmpty()) {
            return fallback("GET " + MODELS_PATH + " listed no models");
        }
        JsonNode id = data.get(0).path("id");
        if (!id.isTextual() || id.asText().isBlank()) {
            return fallback("the first model that GET " + MODELS_PATH + " listed has no id");
        }
        String note = data.size() == 1
                ? "model name from GET " + MODELS_PATH
                : "model name is the first of " + data.size() + " models that GET "
                        + MODELS_PATH + " listed" + HINT;
        return new ModelChoice(id.asText(), note, false);
    }

    private static ModelChoice fallback(String reason) {
        return new ModelChoice(DEFAULT_NAME,
                "model name '" + DEFAULT_NAME + "' is a default because " + reason + HINT,
                false);
    }
}
