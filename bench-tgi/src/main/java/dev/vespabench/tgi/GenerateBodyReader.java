package dev.vespabench.tgi;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import dev.vespabench.api.BodyReader;
import dev.vespabench.api.FailureKind;
import dev.vespabench.api.HttpResponseData;
import dev.vespabench.api.Outcome;
import dev.vespabench.api.TokenCounts;
import dev.vespabench.api.WorkloadSource;

/**
 * Reads the workload of a {@code POST /generate} response: its
 * {@code details.generated_tokens}, else the requested {@code max_new_tokens} as an estimate.
 */
final class GenerateBodyReader implements BodyReader {

    private final int maxNewTokens;

    /**
     * Creates a reader for requests with the given {@code max_new_tokens}.
     *
     * @param maxNewTokens the requested limit, the bound of reported and estimated workloads
     */
    GenerateBodyReader(int maxNewTokens) {
        this.maxNewTokens = maxNewTokens;
    }

    @Override
    public Outcome read(HttpResponseData response) {
        if (!response.isSuccess()) {
            return TgiErrors.fromStatus(response);
        }

        JsonNode root;
        try {
            root = Json.readTree(response.body());
        } catch (JsonProcessingException e) {
            return unreadable("invalid_json",
                    "response body is not the expected JSON: " + Json.describe(e));
        } catch (IOException e) {
            // Parsing a byte array performs no I/O, so only malformed content gets here.
            return unreadable("invalid_json", "failed to read the response body: " + e);
        }
        if (!root.isObject()) {
            return unreadable("unexpected_json", "response body is not a JSON object");
        }
        if (TgiErrors.isError(root)) {
            return TgiErrors.fromObject(root);
        }
        if (!root.path("generated_text").isTextual()) {
            return unreadable("unexpected_json", "response body has no generated_text string");
        }

        return GenerateDetails.workload(root, maxNewTokens).orElseGet(() -> estimate(root));
    }

    /**
     * Estimates the tokens of a response without a count: {@code max_new_tokens} when the
     * details report that generation stopped at that limit, else an estimate from the text's
     * length.
     */
    private Outcome estimate(JsonNode root) {
        if ("length".equals(root.path("details").path("finish_reason").asText())) {
            return Outcome.completed(maxNewTokens, WorkloadSource.ESTIMATED);
        }
        return TokenCounts.estimateFromText(root.path("generated_text").asText().length(),
                maxNewTokens);
    }

    private static Outcome unreadable(String label, String message) {
        return Outcome.failed(FailureKind.UNREADABLE_BODY, label, message);
    }
}
