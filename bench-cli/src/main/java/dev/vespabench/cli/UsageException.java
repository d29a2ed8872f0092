package dev.vespabench.cli;

/** An invalid command line or setting found after parsing, reported with exit status 2. */
final class UsageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
