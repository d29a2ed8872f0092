package dev.vespabench.comfyui;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.vespabench.api.InvalidOptionException;

/**
 * Reads a workflow file in ComfyUI's API format when a backend is created, so that a missing
 * or invalid file stops the benchmark before any request with a message naming the file.
 */
final class WorkflowFile {

    /**
     * The maximum size of a workflow file: 8 MiB. API-format graphs are typically a few to tens
     * of kilobytes (an estimate), so a larger file is most likely the wrong file.
     */
    static final long MAX_BYTES = 8L << 20;

    private WorkflowFile() {
    }

    /**
     * Reads and checks a workflow file.
     *
     * @param name the path as the user wrote it, relative to the working directory or absolute
     * @param option the option or environment variable that named the file, for errors
     * @return the workflow
     * @throws InvalidOptionException when the file is missing, is a directory, is larger than
     *         {@link #MAX_BYTES}, is not UTF-8 text, is not valid JSON, or is not an object of
     *         nodes in API format
     */
    static Workflow read(String name, String option) {
        Path path;
        try {
            path = Path.of(name);
        } catch (InvalidPathException e) {
            throw invalid(option, name, "is not a valid path: " + e.getReason());
        }
        byte[] bytes = readBytes(path, name, option);
        String text = decode(bytes, name, option);
        JsonNode root = parse(text, name, option);
        checkApiFormat(root, name, option);
        return new Workflow(name, sha256(bytes), (ObjectNode) root);
    }

    private static byte[] readBytes(Path path, String name, String option) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw invalid(option, name, "was not found (absolute path "
                    + path.toAbsolutePath() + "). Check the path, or leave " + option
                    + " unset for the default workload");
        } catch (IOException e) {
            throw invalid(option, name, "cannot be read: " + e);
        }
        if (attributes.isDirectory()) {
            throw invalid(option, name, "is a directory. Name a JSON file in ComfyUI's API"
                    + " format");
        }
        if (attributes.size() > MAX_BYTES) {
            throw invalid(option, name, "is " + attributes.size() + " bytes, larger than the"
                    + " limit of " + MAX_BYTES + " bytes (8 MiB) for a workflow");
        }

        try (InputStream in = Files.newInputStream(path)) {
            // Read one byte past the limit, in case the file grew after its size was read.
            byte[] bytes = in.readNBytes((int) MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw invalid(option, name, "is larger than the limit of " + MAX_BYTES
                        + " bytes (8 MiB) for a workflow");
            }
            return bytes;
        } catch (IOException e) {
            throw invalid(option, name, "cannot be read: " + e);
        }
    }

    private static String decode(byte[] bytes, String name, String option) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            throw invalid(option, name, "is not UTF-8 text: invalid byte sequence at byte offset "
                    + in.position() + ". Save the file as UTF-8");
        }
        decoder.flush(out);
        String text = out.flip().toString();
        // A byte order mark is valid UTF-8 but not JSON, and some editors write one.
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    private static JsonNode parse(String text, String name, String option) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation location = e.getLocation();
            String where = location == null ? ""
                    : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
            throw invalid(option, name, "is not valid JSON" + where + ": "
                    + Json.shorten(String.valueOf(e.getOriginalMessage())));
        }
        if (root == null || root.isMissingNode()) {
            throw invalid(option, name, "is empty. It must contain a workflow in ComfyUI's API"
                    + " format");
        }
        return root;
    }

    private static void checkApiFormat(JsonNode root, String name, String option) {
        if (!root.isObject()) {
            throw invalid(option, name, "must contain a JSON object of nodes keyed by node id"
                    + " (ComfyUI's API format), but it contains " + describeType(root));
        }
        if (root.path("nodes").isArray() && root.path("links").isArray()) {
            throw invalid(option, name, "is in the ComfyUI editor's format, with nodes and links"
                    + " arrays. Export the workflow in API format (Export (API) in the"
                    + " workflow menu) and name that file");
        }
        if (root.isEmpty()) {
            throw invalid(option, name, "contains an empty object. It must contain the nodes"
                    + " of a workflow in ComfyUI's API format");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode node = entry.getValue();
            String id = entry.getKey();
            if (!node.isObject() || !node.path("class_type").isTextual()
                    || node.path("class_type").asText().isBlank()) {
                throw invalid(option, name, "is not in ComfyUI's API format: node '" + id
                        + "' has no class_type string. The file must contain the graph itself,"
                        + " an object of nodes keyed by node id, not a request that wraps it");
            }
            if (!node.path("inputs").isObject()) {
                throw invalid(option, name, "is not in ComfyUI's API format: node '" + id
                        + "' (" + node.path("class_type").asText() + ") has no inputs object");
            }
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must provide SHA-256 (MessageDigest's documentation).
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static String describeType(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> node.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }

    private static InvalidOptionException invalid(String option, String name, String problem) {
        return new InvalidOptionException(option,
                "invalid " + option + ": workflow file '" + name + "' " + problem + ".");
    }
}
