package dev.vespabench.core.internal;

import java.util.Arrays;

/** A growable byte buffer that rejects content beyond a limit. */
final class BoundedBuffer {

    private static final byte[] EMPTY = new byte[0];

    private final long limit;
    private byte[] bytes = EMPTY;
    private int size;

    BoundedBuffer(long limit) {
        this.limit = limit;
    }

    void append(byte[] chunk) {
        if (size + (long) chunk.length > limit) {
            throw new BodyTooLargeException(limit);
        }
        if (size == 0 && bytes.length == 0) {
            bytes = chunk;
            size = chunk.length;
            return;
        }
        if (size + chunk.length > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(size + chunk.length, bytes.length * 2));
        }
        System.arraycopy(chunk, 0, bytes, size, chunk.length);
        size += chunk.length;
    }

    byte[] toByteArray() {
        return size == bytes.length ? bytes : Arrays.copyOf(bytes, size);
    }
}
