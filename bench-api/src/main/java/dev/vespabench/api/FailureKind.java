package dev.vespabench.api;

import java.util.Locale;

/** Classes of request failure, each counted separately in reports. */
public enum FailureKind {
    /** The server answered with a status that is not 2xx. */
    HTTP_STATUS,
    /** The server reported an error in its own error format, such as TGI's {@code error_type}. */
    BACKEND_ERROR,
    /** The response body or stream could not be read as the API defines it. */
    UNREADABLE_BODY,
    /** The response was larger than the engine accepts. */
    BODY_TOO_LARGE,
    /** The request did not finish within its time limit. */
    TIMEOUT,
    /** The connection could not be opened or was closed early. */
    CONNECTION,
    /** The request was cancelled because the benchmark stopped. */
    CANCELLED;

    /**
     * Returns the lower-case key used in reports, such as {@code http_status}.
     *
     * @return the key
     */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
