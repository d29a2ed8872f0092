package dev.vespabench.openai;

import java.io.IOException;
import java.util.OptionalLong;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import dev.vespabench.api.BodyReader;
import dev.vespabench.api.FailureKind;
import dev.vespabench.api.HttpResponseData;
import dev.vespabench.api.Outcome;
import dev.vespabench.api.TokenCounts;
import dev.vespabench.api.WorkloadSource;

/**
 * Reads the workload of a whole completion or chat completion body: its
 * {@code usage.completion_tokens}, else an estimate.
 *
 * <p>Without usage, a choice that ended with {@code finish_reason} {@code length} generated
 * the requested {@code max_tokens}. Otherwise the server stopped earlier, and the workload is
 * estimated from the generated text by {@link TokenCounts#estimateFromText}. A reported count above {@code max_tokens} is impossible for a server
 * that honours the limit and is a failure, not a figure.
 *
 * <p>The body is read with a streaming parser that measures the generated text's length
 * without building strings, because the text can be long and only its size counts.
 */
final class CompletionBodyReader implements BodyReader {

    private final Api api;
    private final int maxTokens;

    /**
     * Creates a reader for requests with the given {@code max_tokens}.
     *
     * @param api the endpoint, which decides where a choice carries its text
     * @param maxTokens the requested limit, the bound of reported and estimated workloads
     */
    CompletionBodyReader(Api api, int maxTokens) {
        this.api = api;
        this.maxTokens = maxTokens;
    }

    @Override
    public Outcome read(HttpResponseData response) {
        if (!response.isSuccess()) {
            return ErrorBodies.httpStatus(response);
        }

        try (JsonParser parser = Json.FACTORY.createParser(response.body())) {
            return readCompletion(parser, response.body());
        } catch (JsonProcessingException e) {
            return unreadable("invalid_json", "response body is not the expected JSON: "
                    + ErrorBodies.describe(e));
        } catch (IOException e) {
            // Parsing a byte array performs no I/O, so only malformed content gets here.
            return unreadable("invalid_json", "failed to read the response body: " + e);
        }
    }

    private Outcome readCompletion(JsonParser parser, byte[] body) throws IOException {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            return unreadable("unexpected_json", "response body is not a JSON object");
        }
        boolean hasChoices = false;
        boolean hasError = false;
        Choices choices = new Choices();
        OptionalLong completionTokens = OptionalLong.empty();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (name) {
                case "choices" -> {
                    hasChoices = value == JsonToken.START_ARRAY;
                    if (hasChoices) {
                        choices.read(parser);
                    }
                }
                case "usage" -> completionTokens = Json.readCompletionTokens(parser);
                case "error" -> hasError = value != JsonToken.VALUE_NULL;
                case "object" -> hasError |= "error".equals(parser.getValueAsString());
                default -> {
                    // Other fields carry nothing the workload depends on.
                }
            }
            parser.skipChildren();
        }
        if (parser.nextToken() != null) {
            return unreadable("unexpected_json", "response body has data after its JSON object");
        }

        if (hasError) {
            return ErrorBodies.backendError(body);
        }
        if (!hasChoices) {
            return unreadable("unexpected_json", "response body has no choices array");
        }
        if (completionTokens.isPresent()) {
            return TokenCounts.reported("usage.completion_tokens", completionTokens.getAsLong(),
                    "max_tokens", maxTokens);
        }
        if (choices.cutAtLimit) {
            return Outcome.completed(maxTokens, WorkloadSource.ESTIMATED);
        }
        return TokenCounts.estimateFromText(choices.textLength, maxTokens);
    }

    /** What the choices show about the work: whether one hit the limit, and the text's size. */
    private final class Choices {

        private boolean cutAtLimit;
        private long textLength;

        /** Reads a choices array from its start to its end. */
        void read(JsonParser parser) throws IOException {
            JsonToken token;
            while ((token = parser.nextToken()) != JsonToken.END_ARRAY && token != null) {
                if (token == JsonToken.START_OBJECT) {
                    readChoice(parser);
                } else {
                    parser.skipChildren();
                }
            }
        }

        private void readChoice(JsonParser parser) throws IOException {
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("finish_reason".equals(name) && value == JsonToken.VALUE_STRING) {
                    cutAtLimit |= "length".equals(parser.getText());
                } else if (api == Api.COMPLETIONS && "text".equals(name)) {
                    textLength += Json.textLength(parser, value);
                } else if (api == Api.CHAT && "message".equals(name)
                        && value == JsonToken.START_OBJECT) {
                    readMessage(parser);
                }
                parser.skipChildren();
            }
        }

        private void readMessage(JsonParser parser) throws IOException {
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (Json.CHAT_CONTENT_FIELDS.contains(name)) {
                    textLength += Json.textLength(parser, value);
                }
                parser.skipChildren();
            }
        }
    }

    private static Outcome unreadable(String label, String message) {
        return Outcome.failed(FailureKind.UNREADABLE_BODY, label, message);
    }
}
