package dev.vespabench.core.internal;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Map;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.util.NetUtil;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import org.jspecify.annotations.Nullable;

/**
 * The server that every request of an exchanger goes to: its address, the path prefix of its
 * base URL, the headers every request carries, and its TLS settings.
 */
final class HttpTarget {

    /** Looks up the addresses of a host name; it may block. */
    @FunctionalInterface
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private static final String USER_AGENT = "vespa-bench";

    private final String host;
    private final int port;
    private final @Nullable InetAddress literal;
    private final String pathPrefix;
    private final HttpHeaders headers;
    private final byte[] encodedHeaders;
    private final @Nullable SslContext tls;
    private final boolean verifyHostname;
    private final Resolver resolver;

    private HttpTarget(String host, int port, String pathPrefix, HttpHeaders headers,
            @Nullable SslContext tls, boolean verifyHostname, Resolver resolver) {
        this.host = host;
        this.port = port;
        byte[] address = NetUtil.createByteArrayFromIpAddressString(host);
        this.literal = address == null ? null : addressOf(address);
        this.pathPrefix = pathPrefix;
        this.headers = headers;
        this.encodedHeaders = RequestWriter.encode(headers);
        this.tls = tls;
        this.verifyHostname = verifyHostname;
        this.resolver = resolver;
    }

    /**
     * Reads a base URL such as {@code http://127.0.0.1:8000} or {@code https://host/prefix}.
     *
     * @param baseUrl the URL; its path, without a trailing slash, prefixes every request path
     * @param headers headers sent with every request
     * @param insecure whether to accept any TLS certificate
     * @return the target
     * @throws IllegalArgumentException when the URL is not an absolute http or https URL
     */
    static HttpTarget of(String baseUrl, Map<String, String> headers, boolean insecure) {
        URI uri;
        try {
            uri = new URI(baseUrl);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("base URL " + baseUrl + " is not a URL: "
                    + e.getMessage(), e);
        }

        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean secure = scheme.equals("https");
        if (!secure && !scheme.equals("http")) {
            throw new IllegalArgumentException("base URL " + baseUrl
                    + " must start with http:// or https://");
        }

        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("base URL " + baseUrl + " has no host");
        }
        int port = uri.getPort();
        if (port < 0) {
            port = secure ? 443 : 80;
        }

        HttpHeaders template = new DefaultHttpHeaders();
        template.set(HttpHeaderNames.HOST, uri.getPort() >= 0 ? host + ":" + port : host);
        template.set(HttpHeaderNames.USER_AGENT, USER_AGENT);
        template.set(HttpHeaderNames.ACCEPT, "*/*");
        headers.forEach(template::set);

        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }

        String bare = host.startsWith("[") && host.endsWith("]")
                ? host.substring(1, host.length() - 1) : host;
        return new HttpTarget(bare, port, path, template, secure ? tls(insecure) : null,
                !insecure, InetAddress::getAllByName);
    }

    /** Returns the same target with another way of looking up its host name. */
    HttpTarget withResolver(Resolver other) {
        return new HttpTarget(host, port, pathPrefix, headers, tls, verifyHostname, other);
    }

    /**
     * Returns the addresses of the host: the address itself for a literal, else those a name
     * lookup gives, which may block.
     */
    InetAddress[] resolve() throws UnknownHostException {
        return literal != null ? new InetAddress[] {literal} : resolver.resolve(host);
    }

    private static SslContext tls(boolean insecure) {
        try {
            SslContextBuilder builder = SslContextBuilder.forClient();
            if (insecure) {
                builder.trustManager(InsecureTrustManagerFactory.INSTANCE);
            }
            return builder.build();
        } catch (SSLException e) {
            throw new IllegalStateException("TLS could not be set up: " + e.getMessage(), e);
        }
    }

    private InetAddress addressOf(byte[] address) {
        try {
            return InetAddress.getByAddress(host, address);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("invalid address " + host, e);
        }
    }

    /** Returns the host name or address literal, without IPv6 brackets. */
    String host() {
        return host;
    }

    int port() {
        return port;
    }

    /** Returns the address when the host is an address literal, which needs no lookup. */
    @Nullable InetAddress literal() {
        return literal;
    }

    /** Returns the request target of a path: the base URL's path followed by it. */
    String target(String path) {
        return pathPrefix.isEmpty() ? path : pathPrefix + path;
    }

    /** Returns the headers every request starts with: host, user agent and configured ones. */
    HttpHeaders headers() {
        return headers;
    }

    /** Returns {@link #headers()} as the lines of a request head. */
    byte[] encodedHeaders() {
        return encodedHeaders;
    }

    /** Returns whether requests use TLS. */
    boolean secure() {
        return tls != null;
    }

    /**
     * Returns a TLS handler for a new connection, which checks the server's name against its
     * certificate unless any certificate is accepted.
     */
    SslHandler newTlsHandler(ByteBufAllocator allocator, long handshakeTimeoutMillis) {
        if (tls == null) {
            throw new IllegalStateException("the target does not use TLS");
        }
        SslHandler handler = tls.newHandler(allocator, host, port);
        if (verifyHostname) {
            SSLEngine engine = handler.engine();
            SSLParameters parameters = engine.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            engine.setSSLParameters(parameters);
        }
        handler.setHandshakeTimeoutMillis(handshakeTimeoutMillis);
        return handler;
    }
}
