package dev.vespabench.core.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

import dev.vespabench.api.ServerSentEvent;

/**
 * An incremental parser of a {@code text/event-stream} body, fed the body in chunks as they
 * arrive. Lines end in LF, CRLF or CR; a blank line dispatches the event; lines starting with
 * {@code :} are comments; one space after the field's colon is dropped, as the HTML living
 * standard defines, so {@code data:x} and {@code data: x} are the same.
 */
public final class SseParser {

    private final Consumer<ServerSentEvent> sink;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    private final StringBuilder data = new StringBuilder();
    private String event = "";
    private String id = "";
    private boolean hasData;
    private boolean lastWasCr;

    /**
     * Creates a parser that passes each complete event to the sink.
     *
     * @param sink the receiver of events
     */
    public SseParser(Consumer<ServerSentEvent> sink) {
        this.sink = sink;
    }

    /**
     * Parses the next chunk of the body.
     *
     * @param chunk bytes in stream order
     */
    public void feed(byte[] chunk) {
        for (byte b : chunk) {
            if (b == '\n') {
                if (!lastWasCr) {
                    endLine();
                }
                lastWasCr = false;
            } else if (b == '\r') {
                endLine();
                lastWasCr = true;
            } else {
                line.write(b);
                lastWasCr = false;
            }
        }
    }

    /** Dispatches an event left without its closing blank line when the body ends. */
    public void finish() {
        if (line.size() > 0) {
            endLine();
        }
        dispatch();
    }

    private void endLine() {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        if (text.isEmpty()) {
            dispatch();
            return;
        }
        if (text.charAt(0) == ':') {
            return;
        }
        int colon = text.indexOf(':');
        String field = colon < 0 ? text : text.substring(0, colon);
        String value = colon < 0 ? "" : text.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "data" -> {
                if (hasData) {
                    data.append('\n');
                }
                data.append(value);
                hasData = true;
            }
            case "event" -> event = value;
            case "id" -> id = value;
            default -> {
                // "retry" and unknown fields carry nothing a benchmark reads.
            }
        }
    }

    private void dispatch() {
        if (hasData) {
            sink.accept(new ServerSentEvent(event, data.toString(), id));
        }
        data.setLength(0);
        hasData = false;
        event = "";
        id = "";
    }
}
