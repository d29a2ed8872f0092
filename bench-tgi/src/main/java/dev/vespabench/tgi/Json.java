package dev.vespabench.tgi;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

/** The shared Jackson factory and mapper of this package. */
final class Json {

    /** The factory of every parser and generator in this package, thread-safe once built. */
    static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    /** The mapper that reads response bodies and stream events into trees. */
    static final ObjectMapper MAPPER = new ObjectMapper(FACTORY);

    // A body with data after its JSON value is malformed, so the reader rejects it instead of
    // reading the first value only.
    private static final ObjectReader STRICT_READER =
            MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private Json() {
    }

    /**
     * Reads a whole JSON document into a tree.
     *
     * @param json the UTF-8 bytes
     * @return the root, which is a {@code MissingNode} for empty input
     * @throws IOException when the bytes are not one JSON value
     */
    static JsonNode readTree(byte[] json) throws IOException {
        JsonNode root = STRICT_READER.readTree(json);
        return root == null ? MAPPER.missingNode() : root;
    }

    /**
     * Returns the parser's message without its location, for a failure message.
     *
     * @param e the parse error
     * @return the message, at most {@link TgiErrors#MAX_MESSAGE_CHARS} characters and an
     *         ellipsis
     */
    static String describe(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        return TgiErrors.shorten(message == null ? e.getClass().getSimpleName() : message);
    }
}
