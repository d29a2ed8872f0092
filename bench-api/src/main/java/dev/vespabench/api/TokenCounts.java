package dev.vespabench.api;

/**
 * The rules text backends share for token counts: a reported count above the requested limit
 * is a failure, and a missing count is estimated from the generated text.
 */
public final class TokenCounts {

    /** A rough estimate of the characters per token of English text; tokenizers differ. */
    public static final int CHARS_PER_TOKEN = 4;

    private TokenCounts() {
    }

    /**
     * Returns the outcome of a request whose server reported its generated tokens.
     *
     * @param field the response field that holds the count, such as
     *        {@code usage.completion_tokens}, for the message
     * @param tokens the reported count
     * @param limitName the request parameter that sets the limit, such as {@code max_tokens}
     * @param limit the requested limit
     * @return completed with the count, or failed as {@code implausible_usage} when the count
     *         exceeds the limit, which a server that honours the limit cannot report
     */
    public static Outcome reported(String field, long tokens, String limitName, int limit) {
        if (tokens > limit) {
            return Outcome.failed(FailureKind.UNREADABLE_BODY, "implausible_usage",
                    field + " " + tokens + " exceeds the requested " + limitName + " " + limit
                            + "; the server's token count cannot be trusted");
        }
        return Outcome.completed(tokens, WorkloadSource.REPORTED);
    }

    /**
     * Estimates the tokens of generated text that came without a count, at
     * {@value #CHARS_PER_TOKEN} characters per token rounded up and at most the limit, so a
     * server that stopped early is not charged the whole limit.
     *
     * @param characters the length of the generated text
     * @param limit the requested limit
     * @return completed with the estimate, marked as estimated
     */
    public static Outcome estimateFromText(long characters, int limit) {
        long tokens = (characters + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN;
        return Outcome.completed(Math.min(limit, tokens), WorkloadSource.ESTIMATED);
    }
}
