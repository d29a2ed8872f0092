package dev.vespabench.openai;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.vespabench.api.HttpResponseData;
import dev.vespabench.api.ServerSentEvent;

/**
 * Loads the response samples under {@code src/test/resources/samples}.
 *
 * <p>NOTE: a copy of {@code dev.vespabench.testkit.Samples}, which the other backend modules
 * use. This module cannot depend on bench-testkit: the kit depends on bench-core, whose tests
 * depend on this module.
 */
final class Samples {

    private Samples() {
    }

    /** Returns the bytes of a sample file. */
    static byte[] bytes(String name) {
        try (InputStream stream = Samples.class.getResourceAsStream("/samples/" + name)) {
            if (stream == null) {
                throw new IllegalArgumentException("sample not found: " + name);
            }
            return stream.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("failed to read sample " + name, e);
        }
    }

    /** Returns a response with the given status and a sample file as its body. */
    static HttpResponseData response(int status, String name) {
        return new HttpResponseData(status, Map.of("content-type", "application/json"),
                bytes(name));
    }

    /** Returns a response with the given status and body text. */
    static HttpResponseData responseOf(int status, String body) {
        return new HttpResponseData(status, Map.of(), body.getBytes(StandardCharsets.UTF_8));
    }

    /** Returns the events of a sample stream. */
    static List<ServerSentEvent> events(String name) {
        return parseEvents(new String(bytes(name), StandardCharsets.UTF_8));
    }

    /**
     * Splits a {@code text/event-stream} body into events, a minimal form of the engine's
     * parser: a blank line ends an event, lines starting with {@code :} are comments, and one
     * space after a field's colon is dropped, so TGI's {@code data:x} equals {@code data: x}.
     * A last event without its closing blank line is kept.
     */
    static List<ServerSentEvent> parseEvents(String body) {
        List<ServerSentEvent> events = new ArrayList<>();
        List<String> data = new ArrayList<>();
        String event = "";
        String id = "";
        for (String line : (body + "\n\n").split("\r\n|\r|\n", -1)) {
            if (line.isEmpty()) {
                if (!data.isEmpty()) {
                    events.add(new ServerSentEvent(event, String.join("\n", data), id));
                }
                data.clear();
                event = "";
                id = "";
                continue;
            }
            if (line.startsWith(":")) {
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            switch (field) {
                case "data" -> data.add(value);
                case "event" -> event = value;
                case "id" -> id = value;
                default -> {
                    // retry and unknown fields are not needed by the decoder.
                }
            }
        }
        return events;
    }
}
