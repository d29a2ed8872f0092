package dev.vespabench.tgi;

import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import dev.vespabench.api.FailureKind;
import dev.vespabench.api.Outcome;
import dev.vespabench.api.TokenCounts;

/**
 * Reads the token count that TGI reports in the {@code details} object of a {@code /generate}
 * response and of the last {@code /generate_stream} event, when the request set
 * {@code parameters.details} to true.
 *
 * <p>{@code details.generated_tokens} counts every generated token, the end-of-sequence token
 * included, which is the work the server did for the request.
 */
final class GenerateDetails {

    private GenerateDetails() {
    }

    /**
     * Returns the workload that a response or event reports.
     *
     * @param root the JSON object of the response body or event
     * @param maxNewTokens the requested limit, which a reported count may not exceed
     * @return a completed outcome with {@code details.generated_tokens}, a failure of kind
     *         {@link FailureKind#UNREADABLE_BODY} when either has the wrong type or the count
     *         exceeds the limit, or empty when {@code details} is absent or null or has no
     *         {@code generated_tokens}
     */
    static Optional<Outcome> workload(JsonNode root, int maxNewTokens) {
        JsonNode details = root.path("details");
        if (details.isMissingNode() || details.isNull()) {
            return Optional.empty();
        }
        if (!details.isObject()) {
            return Optional.of(unexpected("details is not an object"));
        }

        JsonNode tokens = details.path("generated_tokens");
        if (tokens.isMissingNode() || tokens.isNull()) {
            return Optional.empty();
        }
        if (!tokens.isIntegralNumber() || tokens.asLong() < 0) {
            return Optional.of(unexpected(
                    "details.generated_tokens is not a whole number >= 0: " + tokens));
        }
        return Optional.of(TokenCounts.reported("details.generated_tokens", tokens.asLong(),
                "max_new_tokens", maxNewTokens));
    }

    private static Outcome unexpected(String message) {
        return Outcome.failed(FailureKind.UNREADABLE_BODY, "unexpected_json", message);
    }
}
