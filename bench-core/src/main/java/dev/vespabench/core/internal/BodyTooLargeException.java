package dev.vespabench.core.internal;

/** Signals a response body larger than the engine accepts. */
final class BodyTooLargeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    BodyTooLargeException(long limit) {
        super("response body exceeds the limit of " + limit + " bytes", null, false, false);
    }
}
