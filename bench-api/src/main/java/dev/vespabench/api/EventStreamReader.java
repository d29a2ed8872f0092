package dev.vespabench.api;

/**
 * A reader of a server-sent event stream. The engine calls {@link #start()} once per response
 * and feeds that decoder every event in order.
 */
public non-sealed interface EventStreamReader extends ResponseReader {

    /**
     * Starts decoding one stream.
     *
     * @return a decoder holding this stream's state
     */
    EventDecoder start();

    /**
     * Reads the outcome of a response whose status was not 2xx, from its whole body.
     *
     * @param response the response
     * @return the outcome, usually {@link Outcome.Failed}
     */
    Outcome readError(HttpResponseData response);
}
