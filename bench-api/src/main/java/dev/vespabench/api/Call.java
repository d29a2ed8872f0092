package dev.vespabench.api;

import java.util.Objects;

/**
 * One request of a benchmark with the reader of its response.
 *
 * @param request the HTTP request
 * @param reader the reader matching {@code request.format()}
 * @param expectedWorkload the workload the request asks for, such as {@code max_tokens}
 */
public record Call(HttpRequestSpec request, ResponseReader reader, double expectedWorkload) {

    /** Creates a call, checking that the reader matches the response format. */
    public Call {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(reader, "reader");
        boolean streaming = request.format() == ResponseFormat.EVENT_STREAM;
        if (streaming != (reader instanceof EventStreamReader)) {
            throw new IllegalArgumentException("reader " + reader.getClass().getSimpleName()
                    + " does not match response format " + request.format());
        }
        if (!(expectedWorkload >= 0) || Double.isInfinite(expectedWorkload)) {
            throw new IllegalArgumentException(
                    "expectedWorkload must be a finite number >= 0, got " + expectedWorkload);
        }
    }
}
