package dev.vespabench.sim;

import java.io.IOException;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import org.jspecify.annotations.Nullable;

/**
 * A validated request to {@code /v1/completions} or {@code /v1/chat/completions}.
 *
 * <p>Invalid requests get the statuses that vLLM uses: 400 for a body that is not a JSON object
 * or a field of the wrong type or range, and 404 for a model other than the served one. An
 * absent {@code model} means the served model, and an absent {@code max_tokens} means
 * {@value #DEFAULT_MAX_TOKENS}.
 *
 * @param endpoint the endpoint that received the request
 * @param promptTokens the estimated number of prompt tokens, one per word
 * @param maxTokens the requested maximum number of generated tokens
 * @param stream whether to stream the response as server-sent events
 * @param streamUsage whether the request asked for a final usage chunk in the stream
 */
record CompletionRequest(Endpoint endpoint, int promptTokens, int maxTokens, boolean stream,
        boolean streamUsage) {

    /**
     * The default of {@code max_tokens}, which is OpenAI's default for {@code /v1/completions}.
     * Chat requests use it too, although OpenAI and vLLM let a chat response run to the
     * context limit.
     */
    static final int DEFAULT_MAX_TOKENS = 16;

    /**
     * Parses and validates a request body.
     *
     * @param body the raw request body
     * @param endpoint the endpoint that received it
     * @param servedModel the only model name accepted
     * @return the request
     * @throws ApiException with status 400 or 404 when the request is invalid
     */
    static CompletionRequest parse(byte[] body, Endpoint endpoint, String servedModel) {
        JsonNode root = readObject(body);

        int promptTokens = switch (endpoint) {
            case COMPLETIONS -> promptTokens(root.get("prompt"));
            case CHAT -> messageTokens(root.get("messages"));
        };
        int maxTokens = maxTokens(root, endpoint);
        checkTemperature(root.get("temperature"));
        checkChoiceCount(root.get("n"));
        boolean stream = optionalBoolean(root.get("stream"), "stream");
        boolean streamUsage = streamUsage(root.get("stream_options"), stream);
        checkModel(root.get("model"), servedModel);

        return new CompletionRequest(endpoint, promptTokens, maxTokens, stream, streamUsage);
    }

    private static JsonNode readObject(byte[] body) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("invalid JSON in the request body: " + describe(e));
        } catch (IOException e) {
            throw ApiException.badRequest("failed to read the request body: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw ApiException.badRequest("the request body must be a JSON object");
        }
        return root;
    }

    /** Returns the parser's message with the position in place of Jackson's source note. */
    private static String describe(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        int note = message.indexOf(" (start marker at");
        if (note >= 0) {
            message = message.substring(0, note);
        }
        if (e.getLocation() == null) {
            return message;
        }
        return message + " at line " + e.getLocation().getLineNr()
                + ", column " + e.getLocation().getColumnNr();
    }

    private static void checkModel(@Nullable JsonNode model, String servedModel) {
        if (isAbsent(model)) {
            return;
        }
        if (!model.isTextual()) {
            throw ApiException.badRequest("model must be a string, got " + model);
        }
        if (!model.asText().equals(servedModel)) {
            throw ApiException.notFound("The model `" + model.asText() + "` does not exist.");
        }
    }

    private static int promptTokens(@Nullable JsonNode prompt) {
        if (isAbsent(prompt)) {
            throw ApiException.badRequest("prompt is missing");
        }
        JsonNode single = prompt;
        if (prompt.isArray() && prompt.size() == 1 && !prompt.get(0).isIntegralNumber()) {
            single = prompt.get(0);
        }
        if (single.isTextual()) {
            if (single.asText().isEmpty()) {
                throw ApiException.badRequest("prompt must not be empty");
            }
            return Math.max(1, FillerText.countWords(single.asText()));
        }
        if (single.isArray()) {
            return tokenIdCount(single);
        }
        throw ApiException.badRequest("prompt must be a string or an array of token ids, got "
                + prompt.getNodeType().toString().toLowerCase(Locale.ROOT));
    }

    private static int tokenIdCount(JsonNode ids) {
        if (ids.isEmpty()) {
            throw ApiException.badRequest("prompt must not be empty");
        }
        for (JsonNode id : ids) {
            if (!id.isIntegralNumber() || id.asLong() < 0) {
                // NOTE: vLLM also serves several prompts in one request, but this simulator
                // does not.
                throw ApiException.badRequest("prompt must be a string or an array of token ids"
                        + " (non-negative integers). This simulator does not support batches of"
                        + " several prompts, so send one prompt per request");
            }
        }
        return ids.size();
    }

    private static int messageTokens(@Nullable JsonNode messages) {
        if (isAbsent(messages)) {
            throw ApiException.badRequest("messages is missing");
        }
        if (!messages.isArray() || messages.isEmpty()) {
            throw ApiException.badRequest("messages must be a non-empty array of messages");
        }
        int tokens = 0;
        for (int i = 0; i < messages.size(); i++) {
            tokens += messageTokens(messages.get(i), "messages[" + i + "]");
        }
        return tokens;
    }

    private static int messageTokens(JsonNode message, String name) {
        if (!message.isObject()) {
            throw ApiException.badRequest(name + " must be an object");
        }
        JsonNode role = message.get("role");
        if (isAbsent(role) || !role.isTextual()) {
            throw ApiException.badRequest(name + ".role must be a string");
        }
        JsonNode content = message.get("content");
        if (isAbsent(content)) {
            return 0;
        }
        if (content.isTextual()) {
            return FillerText.countWords(content.asText());
        }
        if (!content.isArray()) {
            throw ApiException.badRequest(
                    name + ".content must be a string or an array of content parts");
        }
        int tokens = 0;
        for (JsonNode part : content) {
            JsonNode text = part.get("text");
            if (part.isObject() && text != null && text.isTextual()) {
                tokens += FillerText.countWords(text.asText());
            }
        }
        return tokens;
    }

    private static int maxTokens(JsonNode root, Endpoint endpoint) {
        // Chat requests may use OpenAI's newer name, which vLLM prefers when both are set.
        String name = "max_tokens";
        JsonNode value = root.get(name);
        if (endpoint == Endpoint.CHAT && !isAbsent(root.get("max_completion_tokens"))) {
            name = "max_completion_tokens";
            value = root.get(name);
        }
        if (isAbsent(value)) {
            return DEFAULT_MAX_TOKENS;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < 1) {
            throw ApiException.badRequest(name + " must be an integer from 1 to "
                    + Integer.MAX_VALUE + ", got " + value);
        }
        return value.intValue();
    }

    private static void checkTemperature(@Nullable JsonNode temperature) {
        if (isAbsent(temperature)) {
            return;
        }
        if (!temperature.isNumber() || temperature.doubleValue() < 0) {
            throw ApiException.badRequest(
                    "temperature must be a non-negative number, got " + temperature);
        }
    }

    private static void checkChoiceCount(@Nullable JsonNode n) {
        if (isAbsent(n)) {
            return;
        }
        if (!n.isIntegralNumber() || n.asLong() != 1) {
            // NOTE: real servers generate n choices, but this simulator generates one.
            throw ApiException.badRequest("n must be 1 in this simulator, got " + n);
        }
    }

    private static boolean streamUsage(@Nullable JsonNode options, boolean stream) {
        if (isAbsent(options)) {
            return false;
        }
        if (!options.isObject()) {
            throw ApiException.badRequest("stream_options must be an object, got " + options);
        }
        if (!stream && !options.isEmpty()) {
            // vLLM rejects stream options, unless empty, on a request that does not stream.
            throw ApiException.badRequest(
                    "Stream options can only be defined when `stream=True`.");
        }
        return optionalBoolean(options.get("include_usage"), "stream_options.include_usage");
    }

    private static boolean optionalBoolean(@Nullable JsonNode value, String name) {
        if (isAbsent(value)) {
            return false;
        }
        if (!value.isBoolean()) {
            throw ApiException.badRequest(name + " must be true or false, got " + value);
        }
        return value.booleanValue();
    }

    private static boolean isAbsent(@Nullable JsonNode value) {
        return value == null || value.isNull();
    }
}
