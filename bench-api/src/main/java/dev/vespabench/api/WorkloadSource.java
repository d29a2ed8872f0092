package dev.vespabench.api;

/** Where a request's workload figure comes from. */
public enum WorkloadSource {
    /** The server reported it, such as {@code usage.completion_tokens}. */
    REPORTED,
    /** Counted from the tokens of a stream's events, because the server sent no usage. */
    COUNTED,
    /** The requested amount, such as {@code max_tokens}, because the server reported nothing. */
    ESTIMATED,
    /** A fixed cost per request, such as 100 per image job. */
    FIXED
}
