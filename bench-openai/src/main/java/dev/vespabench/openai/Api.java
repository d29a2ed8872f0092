package dev.vespabench.openai;

/** The two OpenAI text-generation endpoints, with the provider name that selects each. */
enum Api {
    /** Text completions: the prompt is one string. */
    COMPLETIONS("openai", "/v1/completions"),
    /** Chat completions: the prompt is a system message and a user message. */
    CHAT("openai-chat", "/v1/chat/completions");

    private final String providerName;
    private final String path;

    Api(String providerName, String path) {
        this.providerName = providerName;
        this.path = path;
    }

    String providerName() {
        return providerName;
    }

    String path() {
        return path;
    }
}
