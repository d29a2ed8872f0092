package dev.vespabench.core.internal;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.vespabench.api.HttpRequestSpec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;

/**
 * Writes a request as the bytes of an HTTP/1.1 message in one buffer: the request line, the
 * target's headers, written once when the target is made, the request's own headers, and the
 * body. It does the work of Netty's request encoder without building a header map for each
 * request.
 */
final class RequestWriter {

    private static final byte[] VERSION = " HTTP/1.1\r\n".getBytes(US_ASCII);
    private static final byte[] JSON_BODY = "content-type: application/json\r\ncontent-length: "
            .getBytes(US_ASCII);
    private static final byte[] NO_BODY = "content-length: 0\r\n".getBytes(US_ASCII);
    private static final byte[] CRLF = {'\r', '\n'};
    private static final Set<String> BODY_HEADERS = Set.of("content-type", "content-length");

    private RequestWriter() {
    }

    /**
     * Writes a request.
     *
     * @param allocator the allocator of the buffer
     * @param target the server, with the headers every request carries
     * @param spec the request
     * @return the buffer, to be written and released by the channel
     * @throws IllegalArgumentException when the method, path or a header cannot be sent as is
     */
    static ByteBuf write(ByteBufAllocator allocator, HttpTarget target, HttpRequestSpec spec) {
        String method = spec.method().toUpperCase(Locale.ROOT);
        checkToken(method, "method");
        String path = target.target(spec.path());
        checkPath(path);
        byte[] body = spec.body();
        boolean hasBody = body != null || !(method.equals("GET") || method.equals("HEAD"));
        byte[] fixed = target.encodedHeaders();
        ByteBuf out = allocator.buffer(method.length() + path.length() * 3 + fixed.length
                + 96 + (body == null ? 0 : body.length));
        try {
            out.writeCharSequence(method, US_ASCII);
            out.writeByte(' ');
            out.writeCharSequence(path, UTF_8);
            out.writeBytes(VERSION);
            Map<String, String> own = spec.headers();
            if (own.isEmpty()) {
                out.writeBytes(fixed);
            } else {
                writeMerged(out, target.headers(), own, hasBody);
            }
            if (body != null) {
                out.writeBytes(JSON_BODY);
                out.writeCharSequence(Integer.toString(body.length), US_ASCII);
                out.writeBytes(CRLF);
            } else if (hasBody) {
                out.writeBytes(NO_BODY);
            }
            out.writeBytes(CRLF);
            if (body != null) {
                out.writeBytes(body);
            }
            return out;
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
    }

    /**
     * Encodes headers as {@code name: value} lines.
     *
     * @param headers headers whose names and values were checked when they were set
     * @return the lines
     */
    static byte[] encode(HttpHeaders headers) {
        StringBuilder lines = new StringBuilder();
        for (Map.Entry<String, String> header : headers) {
            lines.append(header.getKey()).append(": ").append(header.getValue()).append("\r\n");
        }
        return lines.toString().getBytes(ISO_8859_1);
    }

    /**
     * Writes the target's headers except those the request sets itself, then the request's,
     * leaving out the body headers the writer sets when the request has a body.
     */
    private static void writeMerged(ByteBuf out, HttpHeaders fixed, Map<String, String> own,
            boolean hasBody) {
        // A validating map checks the request's names and values as Netty's encoder did.
        HttpHeaders merged = new DefaultHttpHeaders();
        for (Map.Entry<String, String> header : fixed) {
            merged.add(header.getKey(), header.getValue());
        }
        for (Map.Entry<String, String> header : own.entrySet()) {
            if (!(hasBody && BODY_HEADERS.contains(header.getKey().toLowerCase(Locale.ROOT)))) {
                merged.set(header.getKey(), header.getValue());
            }
        }
        out.writeBytes(encode(merged));
    }

    private static void checkToken(String value, String part) {
        if (value.isEmpty()) {
            throw new IllegalArgumentException("request " + part + " is empty");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= ' ' || c >= 127 || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
                throw new IllegalArgumentException("request " + part + " '" + value
                        + "' has a character that HTTP does not allow there");
            }
        }
    }

    private static void checkPath(String path) {
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c <= ' ' || c == 127) {
                throw new IllegalArgumentException("request path '" + path
                        + "' has a space or a control character; encode it as %XX");
            }
        }
    }
}
