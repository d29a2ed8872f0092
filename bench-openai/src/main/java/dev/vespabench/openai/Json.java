package dev.vespabench.openai;

import java.io.IOException;
import java.util.OptionalLong;
import java.util.Set;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The shared Jackson factory and mapper, and the reading of {@code usage} and text. */
final class Json {

    /** The factory of every parser and generator in this package, thread-safe once built. */
    static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    /** The mapper that reads small documents, such as error bodies and model listings. */
    static final ObjectMapper MAPPER = new ObjectMapper(FACTORY);

    private Json() {
    }

    /**
     * The fields of a chat message or delta that carry generated text. Servers that separate
     * a reasoning model's thinking from its final output send the thinking in
     * {@code reasoning_content} or {@code reasoning}; those tokens are generated work too.
     */
    static final Set<String> CHAT_CONTENT_FIELDS =
            Set.of("content", "reasoning_content", "reasoning");

    /**
     * Returns the length of a string value in characters, without building the string.
     *
     * @param parser a parser positioned on the value
     * @param value the value's token
     * @return the length, 0 for a value that is not a string
     */
    static long textLength(JsonParser parser, JsonToken value) throws IOException {
        return value == JsonToken.VALUE_STRING ? parser.getTextLength() : 0;
    }

    /**
     * Reads {@code completion_tokens} from a {@code usage} value, leaving the parser on the
     * value's last token.
     *
     * @param parser a parser positioned on the value of a {@code usage} field
     * @return the token count, or empty when usage is null or has no {@code completion_tokens}
     * @throws JsonParseException when usage is not an object or the count is not a whole number
     *         of at least 0
     */
    static OptionalLong readCompletionTokens(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return OptionalLong.empty();
        }
        if (token != JsonToken.START_OBJECT) {
            throw new JsonParseException(parser, "usage is not an object");
        }

        OptionalLong tokens = OptionalLong.empty();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if ("completion_tokens".equals(name) && value != JsonToken.VALUE_NULL) {
                if (value != JsonToken.VALUE_NUMBER_INT || parser.getLongValue() < 0) {
                    throw new JsonParseException(parser,
                            "usage.completion_tokens is not a whole number >= 0: "
                                    + parser.getText());
                }
                tokens = OptionalLong.of(parser.getLongValue());
            } else {
                parser.skipChildren();
            }
        }
        return tokens;
    }
}
