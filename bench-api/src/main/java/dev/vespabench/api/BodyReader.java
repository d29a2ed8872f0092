package dev.vespabench.api;

/** A reader of a whole response body. */
@FunctionalInterface
public non-sealed interface BodyReader extends ResponseReader {

    /**
     * Reads the outcome of a request from its response, whatever its status.
     *
     * @param response the response
     * @return the outcome; an unexpected body yields {@link Outcome.Failed} of kind
     *         {@link FailureKind#UNREADABLE_BODY}, never an exception
     */
    Outcome read(HttpResponseData response);
}
