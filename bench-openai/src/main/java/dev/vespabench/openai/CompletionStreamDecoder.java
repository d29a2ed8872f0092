package dev.vespabench.openai;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import dev.vespabench.api.EventDecoder;
import dev.vespabench.api.FailureKind;
import dev.vespabench.api.Outcome;
import dev.vespabench.api.TokenCounts;
import dev.vespabench.api.ServerSentEvent;
import dev.vespabench.api.WorkloadSource;

/**
 * The state of one completion stream: the content chunks counted so far and the usage the
 * server reported.
 *
 * <p>Each choice whose chunk carries non-empty text counts as one token. Servers generally send
 * one token per chunk, but some put several tokens in one chunk, so the count is a lower bound
 * that is used only when the server reports no usage. Chunks with empty text, such as a role
 * chunk or a finish chunk, count nothing. A usage chunk, usually
 * {@code "choices": []} with {@code usage}, gives the reported total, and {@code [DONE]} ends
 * the stream.
 */
final class CompletionStreamDecoder implements EventDecoder {

    private static final String DONE = "[DONE]";

    private final Api api;
    private final int maxTokens;
    private long contentChunks;
    private OptionalLong reportedTokens = OptionalLong.empty();

    CompletionStreamDecoder(Api api, int maxTokens) {
        this.api = api;
        this.maxTokens = maxTokens;
    }

    @Override
    public EventStep onEvent(ServerSentEvent event) {
        String data = event.data().strip();
        if (data.isEmpty()) {
            return EventStep.none();
        }
        if (DONE.equals(data)) {
            return EventStep.end(completed());
        }
        if ("error".equals(event.event())) {
            return EventStep.end(ErrorBodies.backendError(data.getBytes(StandardCharsets.UTF_8)));
        }

        try (JsonParser parser = Json.FACTORY.createParser(data)) {
            return readChunk(parser, data);
        } catch (JsonProcessingException e) {
            return EventStep.end(unreadable("invalid_json",
                    "stream event is not the expected JSON: " + ErrorBodies.describe(e)));
        } catch (IOException e) {
            // Parsing a string performs no I/O, so only malformed content gets here.
            return EventStep.end(unreadable("invalid_json",
                    "failed to read a stream event: " + e));
        }
    }

    @Override
    public Outcome onEnd() {
        if (reportedTokens.isPresent()) {
            return TokenCounts.reported("usage.completion_tokens", reportedTokens.getAsLong(),
                    "max_tokens", maxTokens);
        }
        return unreadable("truncated_stream", "stream ended before its final event " + DONE
                + " after " + contentChunks + " content chunks and no usage");
    }

    private Outcome completed() {
        if (reportedTokens.isPresent()) {
            return TokenCounts.reported("usage.completion_tokens", reportedTokens.getAsLong(),
                    "max_tokens", maxTokens);
        }
        return Outcome.completed(contentChunks, WorkloadSource.COUNTED);
    }

    private EventStep readChunk(JsonParser parser, String data) throws IOException {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            return EventStep.end(unreadable("unexpected_json",
                    "stream event is not a JSON object"));
        }
        int tokens = 0;
        boolean hasError = false;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (name) {
                case "choices" -> {
                    if (value == JsonToken.START_ARRAY) {
                        tokens = countContent(parser);
                    }
                }
                case "usage" -> {
                    OptionalLong usage = Json.readCompletionTokens(parser);
                    if (usage.isPresent()) {
                        reportedTokens = usage;
                    }
                }
                case "error" -> hasError = value != JsonToken.VALUE_NULL;
                case "object" -> hasError |= "error".equals(parser.getValueAsString());
                default -> {
                    // Other fields carry nothing the workload depends on.
                }
            }
            parser.skipChildren();
        }

        if (hasError) {
            return EventStep.end(ErrorBodies.backendError(data.getBytes(StandardCharsets.UTF_8)));
        }
        contentChunks += tokens;
        return EventStep.tokens(tokens);
    }

    /** Counts the choices that carry text, from the array's start to its end. */
    private int countContent(JsonParser parser) throws IOException {
        int count = 0;
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY && token != null) {
            if (token == JsonToken.START_OBJECT) {
                count += choiceHasContent(parser) ? 1 : 0;
            } else {
                parser.skipChildren();
            }
        }
        return count;
    }

    private boolean choiceHasContent(JsonParser parser) throws IOException {
        boolean content = false;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if (api == Api.COMPLETIONS && "text".equals(name)) {
                content |= isNonEmptyString(parser, value);
            } else if (api == Api.CHAT && "delta".equals(name) && value == JsonToken.START_OBJECT) {
                content |= deltaHasContent(parser);
            }
            parser.skipChildren();
        }
        return content;
    }

    private static boolean deltaHasContent(JsonParser parser) throws IOException {
        boolean content = false;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if (Json.CHAT_CONTENT_FIELDS.contains(name)) {
                content |= isNonEmptyString(parser, value);
            }
            parser.skipChildren();
        }
        return content;
    }

    private static boolean isNonEmptyString(JsonParser parser, JsonToken value)
            throws IOException {
        return value == JsonToken.VALUE_STRING && parser.getTextLength() > 0;
    }

    private static Outcome unreadable(String label, String message) {
        return Outcome.failed(FailureKind.UNREADABLE_BODY, label, message);
    }
}
