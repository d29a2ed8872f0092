package dev.vespabench.comfyui;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import org.jspecify.annotations.Nullable;

/** The shared Jackson mapper and small helpers for reading and writing JSON. */
final class Json {

    /**
     * The mapper of every document in this package, thread-safe once built. It rejects
     * duplicate keys, which in a workflow would silently drop a node, and data after the
     * first value.
     */
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** The number of characters of a server's message kept in a failure. */
    static final int MAX_MESSAGE_CHARS = 300;

    private Json() {
    }

    /**
     * Parses a response body as a JSON object.
     *
     * @param body the body bytes
     * @return the object, or null when the body is not a JSON object
     */
    static @Nullable JsonNode parseObject(byte[] body) {
        try {
            JsonNode root = MAPPER.readTree(body);
            return root != null && root.isObject() ? root : null;
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Writes a JSON value as UTF-8 bytes.
     *
     * @param value the value
     * @return the bytes
     */
    static byte[] write(JsonNode value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            // A tree of plain JSON nodes always serialises.
            throw new UncheckedIOException("failed to write a request body", e);
        }
    }

    /**
     * Returns the text of a node that is a string, or an empty string.
     *
     * @param node the node
     * @return the text
     */
    static String text(JsonNode node) {
        return node.isTextual() ? node.asText() : "";
    }

    /** Joins the text onto one line and cuts it to {@link #MAX_MESSAGE_CHARS} characters. */
    static String shorten(String text) {
        String line = text.strip().replaceAll("\\s+", " ");
        if (line.length() <= MAX_MESSAGE_CHARS) {
            return line;
        }
        int end = MAX_MESSAGE_CHARS;
        if (Character.isHighSurrogate(line.charAt(end - 1))) {
            end--;
        }
        return line.substring(0, end) + "...";
    }
}
