package dev.vespabench.api;

import java.util.Objects;

/**
 * One server-sent event after line parsing.
 *
 * @param event the {@code event:} field, empty when absent
 * @param data the {@code data:} lines joined by newlines
 * @param id the {@code id:} field, empty when absent
 */
public record ServerSentEvent(String event, String data, String id) {

    /** Creates an event. */
    public ServerSentEvent {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(id, "id");
    }

    /**
     * Creates an event that has only data.
     *
     * @param data the data
     * @return the event
     */
    public static ServerSentEvent ofData(String data) {
        return new ServerSentEvent("", data, "");
    }
}
