package dev.vespabench.core;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

import org.jspecify.annotations.Nullable;

/**
 * Settings of one benchmark. Counts and the request timeout left unset take the backend's
 * defaults; the others have engine defaults.
 *
 * @param baseUrl the backend's base URL, {@code http} or {@code https}
 * @param runs the number of runs, or empty for the backend's default
 * @param concurrency requests in flight, or empty for the backend's default
 * @param requestTimeout the time limit of one request, or null for the backend's default
 * @param warmup whether to warm up, or null for the backend's default
 * @param connectTimeout the time limit of opening a connection
 * @param startupTimeout how long to wait for the health path to answer 200
 * @param healthInterval the pause between health polls
 * @param deadline the time limit of the whole benchmark, health wait included
 * @param maxBodyBytes the largest response body accepted
 * @param seed the seed of prompts and random request fields
 * @param headers headers sent with every request; values are never logged
 * @param retries how often to retry a request the server rejected as overloaded (HTTP 429 or
 *        503, or an {@code overloaded} error), waiting as its {@code Retry-After} header says
 * @param insecure whether to accept any TLS certificate, for servers with self-signed ones
 */
public record BenchmarkSettings(String baseUrl, OptionalInt runs, OptionalInt concurrency,
        @Nullable Duration requestTimeout, @Nullable Boolean warmup, Duration connectTimeout,
        Duration startupTimeout, Duration healthInterval, Duration deadline, long maxBodyBytes,
        long seed, Map<String, String> headers, int retries, boolean insecure) {

    /** The default largest response body: 16 MiB. */
    public static final long DEFAULT_MAX_BODY_BYTES = 16L << 20;

    /** Creates settings, checking every value. */
    public BenchmarkSettings {
        baseUrl = normalizeBaseUrl(baseUrl);
        Objects.requireNonNull(runs, "runs");
        Objects.requireNonNull(concurrency, "concurrency");
        runs.ifPresent(value -> Checks.atLeast("runs", value, 1));
        concurrency.ifPresent(value -> Checks.atLeast("concurrency", value, 1));
        if (requestTimeout != null) {
            Checks.positive("requestTimeout", requestTimeout);
        }
        Checks.positive("connectTimeout", connectTimeout);
        Checks.positive("startupTimeout", startupTimeout);
        Checks.positive("healthInterval", healthInterval);
        Checks.positive("deadline", deadline);
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("maxBodyBytes must be at least 1, got " + maxBodyBytes);
        }
        headers = Map.copyOf(headers);
        if (retries < 0 || retries > 100) {
            throw new IllegalArgumentException("retries must be from 0 to 100, got " + retries);
        }
    }

    /**
     * Creates a builder with the engine defaults.
     *
     * @param baseUrl the backend's base URL
     * @return the builder
     */
    public static Builder builder(String baseUrl) {
        return new Builder(baseUrl);
    }

    /**
     * Checks a base URL and strips its trailing slashes.
     *
     * @param url the URL
     * @return the URL without a trailing slash
     * @throws IllegalArgumentException naming the URL when it is not an absolute http or https
     *         URL with a host
     */
    public static String normalizeBaseUrl(String url) {
        Objects.requireNonNull(url, "baseUrl");
        String trimmed = url.trim();
        if (!trimmed.isEmpty() && !trimmed.contains("://")) {
            throw new IllegalArgumentException("invalid URL '" + url + "': it has no scheme;"
                    + " pass http://" + trimmed + " (or https://)");
        }
        URI uri;
        try {
            uri = new URI(trimmed);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("invalid URL '" + url + "': " + e.getReason()
                    + "; expected a form such as http://127.0.0.1:8000");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("invalid URL '" + url
                    + "': the scheme must be http or https, as in http://127.0.0.1:8000");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException("invalid URL '" + url + "': "
                    + describeInvalidAuthority(uri.getRawAuthority())
                    + "; expected a form such as http://127.0.0.1:8000");
        }
        if (uri.getPort() == -1 && uri.getRawAuthority().endsWith(":")) {
            throw new IllegalArgumentException("invalid URL '" + url + "': the port after ':'"
                    + " is empty; give a port from 1 to 65535, or remove the ':'");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("invalid URL '" + url
                    + "': a base URL takes no query or fragment");
        }
        if (uri.getPort() > 65535) {
            throw new IllegalArgumentException("invalid URL '" + url + "': port " + uri.getPort()
                    + " is out of range; ports go from 1 to 65535");
        }
        if (uri.getUserInfo() != null) {
            throw new IllegalArgumentException("invalid URL: credentials in the URL are not"
                    + " accepted; pass an API key through --api-key-file or an environment variable");
        }
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed;
    }

    /**
     * Describes why {@link URI} found no host in an authority: it is missing, its port is not
     * a number, or the host name has a character that host names do not allow, such as '_'.
     */
    private static String describeInvalidAuthority(@Nullable String authority) {
        String host = authority == null ? "" : authority.substring(authority.lastIndexOf('@') + 1);
        int colon = host.lastIndexOf(':');
        // A colon inside the brackets of an IPv6 address does not start a port.
        if (colon >= 0 && colon > host.lastIndexOf(']')) {
            String port = host.substring(colon + 1);
            if (port.isEmpty() || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return "the port '" + port + "' is not a number from 1 to 65535";
            }
            host = host.substring(0, colon);
        }
        if (host.isEmpty()) {
            return "it has no host";
        }
        return "the host '" + host + "' is not a valid host name, which has only letters,"
                + " digits, hyphens and dots";
    }

    /** A builder of {@link BenchmarkSettings}. */
    public static final class Builder {
        private final String baseUrl;
        private OptionalInt runs = OptionalInt.empty();
        private OptionalInt concurrency = OptionalInt.empty();
        private @Nullable Duration requestTimeout;
        private @Nullable Boolean warmup;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration startupTimeout = Duration.ofMinutes(5);
        private Duration healthInterval = Duration.ofSeconds(1);
        private Duration deadline = Duration.ofHours(1);
        private long maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
        private long seed = System.nanoTime();
        private final Map<String, String> headers = new LinkedHashMap<>();
        private int retries;
        private boolean insecure;

        private Builder(String baseUrl) {
            this.baseUrl = baseUrl;
        }

        /**
         * Sets the number of runs.
         *
         * @param value at least 1
         * @return this builder
         */
        public Builder runs(int value) {
            runs = OptionalInt.of(value);
            return this;
        }

        /**
         * Sets the requests in flight.
         *
         * @param value at least 1
         * @return this builder
         */
        public Builder concurrency(int value) {
            concurrency = OptionalInt.of(value);
            return this;
        }

        /**
         * Sets the time limit of one request.
         *
         * @param value a positive duration
         * @return this builder
         */
        public Builder requestTimeout(Duration value) {
            requestTimeout = value;
            return this;
        }

        /**
         * Sets whether to warm up before measuring.
         *
         * @param value true to warm up
         * @return this builder
         */
        public Builder warmup(boolean value) {
            warmup = value;
            return this;
        }

        /**
         * Sets the time limit of opening a connection.
         *
         * @param value a positive duration
         * @return this builder
         */
        public Builder connectTimeout(Duration value) {
            connectTimeout = value;
            return this;
        }

        /**
         * Sets how long to wait for the backend to become healthy.
         *
         * @param value a positive duration
         * @return this builder
         */
        public Builder startupTimeout(Duration value) {
            startupTimeout = value;
            return this;
        }

        /**
         * Sets the pause between health polls.
         *
         * @param value a positive duration
         * @return this builder
         */
        public Builder healthInterval(Duration value) {
            healthInterval = value;
            return this;
        }

        /**
         * Sets the time limit of the whole benchmark.
         *
         * @param value a positive duration
         * @return this builder
         */
        public Builder deadline(Duration value) {
            deadline = value;
            return this;
        }

        /**
         * Sets the largest response body accepted.
         *
         * @param value bytes, at least 1
         * @return this builder
         */
        public Builder maxBodyBytes(long value) {
            maxBodyBytes = value;
            return this;
        }

        /**
         * Sets the seed of prompts and random request fields.
         *
         * @param value the seed
         * @return this builder
         */
        public Builder seed(long value) {
            seed = value;
            return this;
        }

        /**
         * Adds a header sent with every request.
         *
         * @param name the header name
         * @param value the value, never logged
         * @return this builder
         */
        public Builder header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        /**
         * Sets how often to retry a request the server rejected as overloaded.
         *
         * @param value from 0 (the default) to 100
         * @return this builder
         */
        public Builder retries(int value) {
            retries = value;
            return this;
        }

        /**
         * Sets whether to accept any TLS certificate. Off by default: certificates are verified
         * against the JDK's trusted roots.
         *
         * @param value true to skip verification
         * @return this builder
         */
        public Builder insecure(boolean value) {
            insecure = value;
            return this;
        }

        /**
         * Creates the settings.
         *
         * @return the settings
         * @throws IllegalArgumentException naming the first invalid value
         */
        public BenchmarkSettings build() {
            return new BenchmarkSettings(baseUrl, runs, concurrency, requestTimeout, warmup,
                    connectTimeout, startupTimeout, healthInterval, deadline, maxBodyBytes, seed,
                    headers, retries, insecure);
        }
    }

    @Override
    public String toString() {
        return "BenchmarkSettings[baseUrl=" + baseUrl + ", runs=" + runs + ", concurrency="
                + concurrency + ", headers=" + headers.keySet() + "]";
    }
}
