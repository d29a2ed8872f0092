package dev.vespabench.tgi;

import dev.vespabench.api.EventDecoder;
import dev.vespabench.api.EventStreamReader;
import dev.vespabench.api.HttpResponseData;
import dev.vespabench.api.Outcome;

/** Reads a {@code POST /generate_stream} response: server-sent events, one per token. */
final class GenerateStreamReader implements EventStreamReader {

    private final int maxNewTokens;

    /**
     * Creates a reader for requests with the given {@code max_new_tokens}.
     *
     * @param maxNewTokens the requested limit, the bound of a reported workload
     */
    GenerateStreamReader(int maxNewTokens) {
        this.maxNewTokens = maxNewTokens;
    }

    @Override
    public EventDecoder start() {
        return new GenerateStreamDecoder(maxNewTokens);
    }

    @Override
    public Outcome readError(HttpResponseData response) {
        return TgiErrors.fromStatus(response);
    }
}
