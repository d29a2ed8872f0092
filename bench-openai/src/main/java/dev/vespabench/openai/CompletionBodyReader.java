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
import dev.vespabench.api.WorkloadSource;

/**
 * Reads the workload of a whole completion or chat completion body: its
 * {@code usage.completion_tokens}, else the requested {@code max_tokens} as an estimate.
 *
 * <p>The body is read with a streaming parser that skips {@code choices} without building
 * objects, because the generated text can be long and only the usage counts.
 */
final class CompletionBodyReader implements BodyReader {

    private final int maxTokens;

    /**
     * Creates a reader for requests with the given {@code max_tokens}.
     *
     * @param maxTokens the workload reported when the server sends no usage
     */
    CompletionBodyReader(int maxTokens) {
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
        OptionalLong completionTokens = OptionalLong.empty();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (name) {
                case "choices" -> hasChoices = value == JsonToken.START_ARRAY;
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
            return Outcome.completed(completionTokens.getAsLong(), WorkloadSource.REPORTED);
        }
        return Outcome.completed(maxTokens, WorkloadSource.ESTIMATED);
    }

    private static Outcome unreadable(String label, String message) {
        return Outcome.failed(FailureKind.UNREADABLE_BODY, label, message);
    }
}
