package dev.vespabench.core.internal;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Connection settings of an {@link HttpExchanger}.
 *
 * @param baseUrl the backend's base URL; request paths are appended to it
 * @param connectTimeout the time limit of opening a connection
 * @param requestTimeout the time limit of one request, follow-ups included
 * @param maxBodyBytes the largest response body accepted
 * @param maxConnections the size of the connection pool
 * @param headers headers sent with every request, such as {@code Authorization}
 * @param retries how often to retry a request rejected as overloaded
 * @param insecure whether to accept any TLS certificate
 */
public record ExchangeSettings(String baseUrl, Duration connectTimeout, Duration requestTimeout,
        long maxBodyBytes, int maxConnections, Map<String, String> headers,
        int retries, boolean insecure) {

    /** Creates settings, copying the headers. */
    public ExchangeSettings {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        headers = Map.copyOf(headers);
    }
}
