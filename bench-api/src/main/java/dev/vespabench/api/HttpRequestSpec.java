package dev.vespabench.api;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * An HTTP request relative to the backend's base URL.
 *
 * @param method the HTTP method, such as {@code POST}
 * @param path the path and query, starting with {@code /}
 * @param headers extra request headers; the engine adds {@code Content-Type} for JSON bodies
 * @param body the JSON body, or null for none
 * @param format how the engine delivers the response to the reader
 */
public record HttpRequestSpec(String method, String path, Map<String, String> headers,
        byte @Nullable [] body, ResponseFormat format) {

    /** Creates a request, checking that the path is relative to the base URL. */
    public HttpRequestSpec {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(format, "format");
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("path must start with '/', got '" + path + "'");
        }
        headers = Map.copyOf(headers);
    }

    /**
     * Creates a {@code GET} request whose whole body is read.
     *
     * @param path the path
     * @return the request
     */
    public static HttpRequestSpec get(String path) {
        return new HttpRequestSpec("GET", path, Map.of(), null, ResponseFormat.BODY);
    }

    /**
     * Creates a {@code POST} request with a JSON body.
     *
     * @param path the path
     * @param json the JSON text
     * @param format how to deliver the response
     * @return the request
     */
    public static HttpRequestSpec postJson(String path, String json, ResponseFormat format) {
        return new HttpRequestSpec("POST", path, Map.of(),
                json.getBytes(StandardCharsets.UTF_8), format);
    }

    @Override
    public String toString() {
        return method + " " + path;
    }
}
