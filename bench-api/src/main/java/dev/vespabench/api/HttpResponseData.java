package dev.vespabench.api;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A whole HTTP response as the engine received it.
 *
 * @param status the status code
 * @param headers response headers with lower-case names
 * @param body the body bytes, empty when there is none
 */
public record HttpResponseData(int status, Map<String, String> headers, byte[] body) {

    /** Creates a response. */
    public HttpResponseData {
        headers = Map.copyOf(headers);
        Objects.requireNonNull(body, "body");
    }

    /**
     * Returns whether the status is in the 2xx range.
     *
     * @return true for success statuses
     */
    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    /**
     * Returns a header by lower-case name.
     *
     * @param name the lower-case name
     * @return the value, if present
     */
    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name));
    }

    /**
     * Returns the body decoded as UTF-8.
     *
     * @return the text
     */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
