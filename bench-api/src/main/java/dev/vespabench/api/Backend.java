package dev.vespabench.api;

import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * A benchmark backend: the requests that load one kind of inference server and the way to read
 * the work done from its responses.
 *
 * <p>The engine calls {@link #discoveryRequest()} once and passes the answer to
 * {@link #discover}, then takes every further call from the backend that {@code discover}
 * returns. Implementations are immutable and must not perform I/O or read clocks.
 */
public interface Backend {

    /**
     * Returns the defaults of the benchmark protocol for this backend.
     *
     * @return the defaults
     */
    BackendDefaults defaults();

    /**
     * Returns the path the engine polls until it answers 200 before any other request.
     *
     * @return a path relative to the base URL, starting with {@code /}
     */
    String healthPath();

    /**
     * Returns a request that tells what the server serves, such as {@code GET /v1/models}.
     *
     * @return the request, or empty when the backend needs no discovery
     */
    default Optional<HttpRequestSpec> discoveryRequest() {
        return Optional.empty();
    }

    /**
     * Returns the backend configured from the discovery response.
     *
     * @param response the response, or null when the request failed or none was made
     * @return the configured backend, often a copy of this one
     */
    default Backend discover(@Nullable HttpResponseData response) {
        return this;
    }

    /**
     * Returns what the backend knows of the server and its own settings for reports.
     *
     * @return the description
     */
    BackendInfo info();

    /**
     * Creates the warm-up request, sent before measurement so model loading is not counted.
     *
     * @param context the request's number and random source
     * @return the call
     */
    Call warmup(RequestContext context);

    /**
     * Creates one measured request.
     *
     * @param context the request's number and random source
     * @return the call
     */
    Call request(RequestContext context);
}
