package dev.vespabench.core.internal;

import java.util.Arrays;

import io.netty.buffer.ByteBuf;
import org.jspecify.annotations.Nullable;

/** A growable byte buffer that rejects content beyond a limit. */
final class BoundedBuffer {

    private static final byte[] EMPTY = new byte[0];

    private final long limit;
    private byte[] bytes = EMPTY;
    private int size;

    BoundedBuffer(long limit) {
        this.limit = limit;
    }

    /** The maximum bytes set aside before they arrive, whatever length a response announces. */
    private static final int MAX_RESERVED = 64 * 1024;

    /**
     * Sizes the buffer for the length a response announces, up to 64 KiB, so that a body that
     * arrives in parts is copied less. The buffer grows beyond that only as bytes arrive, so
     * a length a server announces but never sends takes no memory. A missing, invalid or too
     * large length is ignored.
     *
     * @param contentLength the value of the {@code Content-Length} header, or null
     */
    void expect(@Nullable String contentLength) {
        if (contentLength == null || size > 0) {
            return;
        }
        try {
            long length = Long.parseLong(contentLength.trim());
            if (length > 0 && length <= limit) {
                bytes = new byte[(int) Math.min(length, MAX_RESERVED)];
            }
        } catch (NumberFormatException e) {
            // Left to the decoder, which rejects the response.
        }
    }

    void append(ByteBuf chunk) {
        int length = chunk.readableBytes();
        if (length == 0) {
            return;
        }
        if (size + (long) length > limit) {
            throw new BodyTooLargeException(limit);
        }
        if (size + length > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(size + length, bytes.length * 2));
        }
        chunk.getBytes(chunk.readerIndex(), bytes, size, length);
        size += length;
    }

    byte[] toByteArray() {
        return size == bytes.length ? bytes : Arrays.copyOf(bytes, size);
    }
}
