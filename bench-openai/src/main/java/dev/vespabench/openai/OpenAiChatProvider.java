package dev.vespabench.openai;

import java.util.List;
import java.util.Objects;

import dev.vespabench.api.Backend;
import dev.vespabench.api.BackendOptions;
import dev.vespabench.api.BackendProvider;

/**
 * The provider of the {@code openai-chat} backend, which loads
 * {@code POST /v1/chat/completions}.
 *
 * <p>Each request sends a fixed system text as the system message and 250 random words as the
 * user message with {@code max_tokens} 500 and {@code temperature} 0.7, and its workload is the
 * {@code usage.completion_tokens} of the response. It takes the same options as
 * {@link OpenAiProvider}.
 */
public final class OpenAiChatProvider implements BackendProvider {

    /** Creates the provider, as {@link java.util.ServiceLoader} does. */
    public OpenAiChatProvider() {
    }

    /**
     * Returns {@code openai-chat}.
     *
     * @return the name
     */
    @Override
    public String name() {
        return Api.CHAT.providerName();
    }

    /**
     * Returns {@code benchmarks.openai_chat:benchmark}, the {@code VESPA_BENCHMARK} value of the
     * Python benchmark this backend replaces.
     *
     * @return the alias
     */
    @Override
    public List<String> aliases() {
        return List.of("benchmarks.openai_chat:benchmark");
    }

    @Override
    public String description() {
        return "OpenAI-compatible chat completions: POST /v1/chat/completions, workload in"
                + " generated tokens.";
    }

    /**
     * Creates a backend for {@code POST /v1/chat/completions}.
     *
     * @param options the user's settings, in which option names other than those listed above
     *        are rejected
     * @return the backend, which reads {@code GET /v1/models} unless a model name is set
     * @throws dev.vespabench.api.InvalidOptionException when an option is unknown or invalid
     */
    @Override
    public Backend create(BackendOptions options) {
        Objects.requireNonNull(options, "options");
        return OpenAiBackend.create(Api.CHAT, options);
    }
}
