package dev.vespabench.tgi;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import dev.vespabench.api.EventDecoder;
import dev.vespabench.api.FailureKind;
import dev.vespabench.api.Outcome;
import dev.vespabench.api.ServerSentEvent;
import dev.vespabench.api.WorkloadSource;

/**
 * The state of one {@code /generate_stream} response: the tokens counted so far.
 *
 * <p>TGI sends one event per generated token, {@code {"token": {...}, "generated_text": null,
 * "details": null}}, special tokens included. The last event also carries a token and sets
 * {@code generated_text}, and {@code details} when the request asked for details. An event
 * {@code {"error": ..., "error_type": ...}} ends the stream with a failure, such as
 * {@code overloaded} when the server's concurrency limit is reached after the response has
 * started with HTTP 200. TGI sends no {@code [DONE]} event on this endpoint.
 */
final class GenerateStreamDecoder implements EventDecoder {

    private final int maxNewTokens;
    private long tokens;

    GenerateStreamDecoder(int maxNewTokens) {
        this.maxNewTokens = maxNewTokens;
    }

    @Override
    public EventStep onEvent(ServerSentEvent event) {
        String data = event.data().strip();
        if (data.isEmpty()) {
            return EventStep.none();
        }

        JsonNode root;
        try {
            root = Json.readTree(data.getBytes(StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            return EventStep.end(unreadable("invalid_json",
                    "stream event is not the expected JSON: " + Json.describe(e)));
        } catch (IOException e) {
            // Parsing a byte array performs no I/O, so only malformed content gets here.
            return EventStep.end(unreadable("invalid_json",
                    "failed to read a stream event: " + e));
        }
        if (!root.isObject()) {
            return EventStep.end(unreadable("unexpected_json",
                    "stream event is not a JSON object"));
        }
        if (TgiErrors.isError(root)) {
            return EventStep.end(TgiErrors.fromObject(root));
        }
        return readTokenEvent(root);
    }

    @Override
    public Outcome onEnd() {
        return unreadable("truncated_stream", "stream ended before its final event after "
                + tokens + (tokens == 1 ? " token" : " tokens"));
    }

    private EventStep readTokenEvent(JsonNode root) {
        int carried = root.path("token").isObject() ? 1 : 0;
        tokens += carried;
        boolean last = root.path("generated_text").isTextual() || root.path("details").isObject();
        if (!last) {
            // Events with neither a token nor a final text carry nothing countable.
            return EventStep.tokens(carried);
        }

        Optional<Outcome> reported = GenerateDetails.workload(root, maxNewTokens);
        Outcome outcome = reported.orElseGet(
                () -> Outcome.completed(tokens, WorkloadSource.COUNTED));
        return new EventStep(carried, outcome);
    }

    private static Outcome unreadable(String label, String message) {
        return Outcome.failed(FailureKind.UNREADABLE_BODY, label, message);
    }
}
