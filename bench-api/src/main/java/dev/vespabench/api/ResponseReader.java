package dev.vespabench.api;

/** A reader of one response: either a {@link BodyReader} or an {@link EventStreamReader}. */
public sealed interface ResponseReader permits BodyReader, EventStreamReader {
}
