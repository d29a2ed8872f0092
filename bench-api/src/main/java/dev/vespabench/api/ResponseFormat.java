package dev.vespabench.api;

/** The way the engine delivers a response to its reader. */
public enum ResponseFormat {
    /** The whole body at once, to a {@link BodyReader}. */
    BODY,
    /** Server-sent events one by one, to an {@link EventStreamReader}. */
    EVENT_STREAM
}
