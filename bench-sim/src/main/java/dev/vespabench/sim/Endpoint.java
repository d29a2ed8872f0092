package dev.vespabench.sim;

/** The OpenAI-compatible generation endpoints and the names their JSON bodies use. */
enum Endpoint {
    /** {@code POST /v1/completions}: a prompt in, text out. */
    COMPLETIONS("/v1/completions", "cmpl-", "text_completion", "text_completion"),
    /** {@code POST /v1/chat/completions}: messages in, an assistant message out. */
    CHAT("/v1/chat/completions", "chatcmpl-", "chat.completion", "chat.completion.chunk");

    private final String path;
    private final String idPrefix;
    private final String responseObject;
    private final String chunkObject;

    Endpoint(String path, String idPrefix, String responseObject, String chunkObject) {
        this.path = path;
        this.idPrefix = idPrefix;
        this.responseObject = responseObject;
        this.chunkObject = chunkObject;
    }

    String path() {
        return path;
    }

    /** Returns the prefix of response ids: {@code cmpl-} or {@code chatcmpl-}. */
    String idPrefix() {
        return idPrefix;
    }

    /** Returns the {@code object} field of a whole response. */
    String responseObject() {
        return responseObject;
    }

    /** Returns the {@code object} field of a stream chunk. */
    String chunkObject() {
        return chunkObject;
    }
}
