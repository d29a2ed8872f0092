package dev.vespabench.openai;

import dev.vespabench.api.EventDecoder;
import dev.vespabench.api.EventStreamReader;
import dev.vespabench.api.HttpResponseData;
import dev.vespabench.api.Outcome;

/**
 * Reads a streamed completion or chat completion: server-sent events whose data is a JSON
 * chunk, ending with {@code [DONE]}.
 */
final class CompletionStreamReader implements EventStreamReader {

    private final Api api;
    private final int maxTokens;

    /**
     * Creates a reader for streams of the given endpoint.
     *
     * @param api the endpoint, which decides where a chunk carries its text
     * @param maxTokens the requested limit, the bound of a reported workload
     */
    CompletionStreamReader(Api api, int maxTokens) {
        this.api = api;
        this.maxTokens = maxTokens;
    }

    @Override
    public EventDecoder start() {
        return new CompletionStreamDecoder(api, maxTokens);
    }

    @Override
    public Outcome readError(HttpResponseData response) {
        return ErrorBodies.httpStatus(response);
    }
}
