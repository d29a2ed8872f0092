package dev.vespabench.tgi;

import dev.vespabench.api.EventDecoder;
import dev.vespabench.api.EventStreamReader;
import dev.vespabench.api.HttpResponseData;
import dev.vespabench.api.Outcome;

/** Reads a {@code POST /generate_stream} response: server-sent events, one per token. */
final class GenerateStreamReader implements EventStreamReader {

    @Override
    public EventDecoder start() {
        return new GenerateStreamDecoder();
    }

    @Override
    public Outcome readError(HttpResponseData response) {
        return TgiErrors.fromStatus(response);
    }
}
