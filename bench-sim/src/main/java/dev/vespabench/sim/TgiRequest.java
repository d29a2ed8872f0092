package dev.vespabench.sim;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import org.jspecify.annotations.Nullable;

/**
 * A request to TGI's {@code /generate} or {@code /generate_stream}:
 * {@code {"inputs": "...", "parameters": {"max_new_tokens": N, ...}}}.
 *
 * <p>{@link #parse} rejects a body that TGI's JSON extractor would reject, and
 * {@link #validate} applies the value checks of TGI's validation, which TGI runs after it has
 * taken a concurrency permit. Both throw {@link TgiError#validation}.
 *
 * @param inputTokens the estimated number of prompt tokens, one per word, and 0 only for an
 *        empty string
 * @param maxNewTokens {@code parameters.max_new_tokens}
 * @param temperature {@code parameters.temperature}, or null when absent
 * @param details {@code parameters.details}: whether to report the generated tokens
 */
record TgiRequest(int inputTokens, long maxNewTokens, @Nullable Double temperature,
        boolean details) {

    /**
     * Parses a request body, checking its shape and types.
     *
     * <p>NOTE: TGI 3.x accepts a request without {@code max_new_tokens} and picks a length
     * itself. The simulator rejects it, so that a client that forgets the field is caught. TGI
     * also rejects type errors with a plain-text 422 from its JSON extractor, where the
     * simulator sends its TGI error object.
     *
     * @param body the raw body
     * @return the request
     * @throws TgiError a validation error when the body is not a valid request
     */
    static TgiRequest parse(byte[] body) {
        JsonNode root = readObject(body);

        JsonNode inputs = root.get("inputs");
        if (isAbsent(inputs) || !inputs.isTextual()) {
            throw TgiError.validation("`inputs` must be a string");
        }
        JsonNode parameters = root.get("parameters");
        if (isAbsent(parameters) || !parameters.isObject()) {
            throw TgiError.validation("`parameters` must be an object with `max_new_tokens`");
        }
        JsonNode maxNewTokens = parameters.get("max_new_tokens");
        if (isAbsent(maxNewTokens)) {
            throw TgiError.validation("`max_new_tokens` is missing");
        }
        if (!maxNewTokens.isIntegralNumber() || !maxNewTokens.canConvertToLong()
                || maxNewTokens.longValue() < 0 || maxNewTokens.longValue() > 0xFFFF_FFFFL) {
            throw TgiError.validation("`max_new_tokens` must be an integer from 0 to "
                    + 0xFFFF_FFFFL + ". Given: " + maxNewTokens);
        }
        JsonNode temperature = parameters.get("temperature");
        if (!isAbsent(temperature) && !temperature.isNumber()) {
            throw TgiError.validation("`temperature` must be a number. Given: " + temperature);
        }
        JsonNode details = parameters.get("details");
        if (!isAbsent(details) && !details.isBoolean()) {
            throw TgiError.validation("`details` must be true or false. Given: " + details);
        }

        // An input of only spaces is not empty for TGI, so it counts as one token here.
        String text = inputs.asText();
        int inputTokens = text.isEmpty() ? 0 : Math.max(1, FillerText.countWords(text));
        return new TgiRequest(inputTokens, maxNewTokens.longValue(),
                isAbsent(temperature) ? null : temperature.doubleValue(),
                !isAbsent(details) && details.booleanValue());
    }

    /**
     * Checks the values as TGI's validation does, with TGI's messages.
     *
     * @param maxInputTokens the most prompt tokens accepted
     * @param maxTotalTokens the most prompt tokens plus {@code max_new_tokens} accepted
     * @throws TgiError a validation error when a value is out of range
     */
    void validate(int maxInputTokens, int maxTotalTokens) {
        if (temperature != null && temperature <= 0) {
            throw TgiError.validation("`temperature` must be strictly positive");
        }
        if (maxNewTokens == 0) {
            throw TgiError.validation("`max_new_tokens` must be strictly positive");
        }
        if (inputTokens == 0) {
            throw TgiError.validation("`inputs` cannot be empty");
        }
        if (inputTokens + maxNewTokens > maxTotalTokens) {
            throw TgiError.validation("`inputs` tokens + `max_new_tokens` must be <= "
                    + maxTotalTokens + ". Given: " + inputTokens + " `inputs` tokens and "
                    + maxNewTokens + " `max_new_tokens`");
        }
        if (inputTokens > maxInputTokens) {
            throw TgiError.validation("`inputs` must have less than " + maxInputTokens
                    + " tokens. Given: " + inputTokens);
        }
    }

    private static JsonNode readObject(byte[] body) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw TgiError.validation("the request body is not valid JSON: "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw TgiError.validation("failed to read the request body: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw TgiError.validation("the request body must be a JSON object");
        }
        return root;
    }

    private static boolean isAbsent(@Nullable JsonNode value) {
        return value == null || value.isNull();
    }
}
