package dev.vespabench.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The shared JSON mapper, which is thread-safe once configured. */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** Serializes a tree to UTF-8 bytes. */
    static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            // A tree of plain nodes always serializes, so a failure here is a bug in the tree.
            throw new IllegalStateException("failed to serialize a JSON tree", e);
        }
    }

    /** Serializes a tree to a string, for server-sent events. */
    static String string(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("failed to serialize a JSON tree", e);
        }
    }
}
