package dev.vespabench.tgi;

import java.util.List;
import java.util.Objects;

import dev.vespabench.api.Backend;
import dev.vespabench.api.BackendOptions;
import dev.vespabench.api.BackendProvider;

/**
 * The provider of the {@code tgi} backend, which loads Hugging Face Text Generation Inference
 * through {@code POST /generate}.
 *
 * <p>Each request sends a fixed system text and 250 random words as {@code inputs} with
 * {@code max_new_tokens} 256, {@code temperature} 0.7 and {@code details} true, and its
 * workload is the {@code details.generated_tokens} of the response, or {@code max_new_tokens}
 * marked as estimated when the response has no details. Discovery reads {@code GET /info} for
 * the model and {@code max_concurrent_requests}.
 *
 * <p>Options: {@code max-new-tokens} (256), {@code prompt-words} (250), {@code temperature}
 * (0.7, greater than 0) and {@code stream} (false). With {@code stream=true} requests go to
 * {@code POST /generate_stream} and the tokens are read as server-sent events, so time to first
 * token is measured too. Other option names are rejected, {@code model} included, because a
 * TGI server serves only the model it was started with.
 */
public final class TgiProvider implements BackendProvider {

    /** Creates the provider, as {@link java.util.ServiceLoader} does. */
    public TgiProvider() {
    }

    /**
     * Returns {@code tgi}.
     *
     * @return the name
     */
    @Override
    public String name() {
        return TgiBackend.NAME;
    }

    /**
     * Returns {@code benchmarks.tgi:benchmark}, the {@code VESPA_BENCHMARK} value of the Python
     * benchmark this backend replaces.
     *
     * @return the alias
     */
    @Override
    public List<String> aliases() {
        return List.of("benchmarks.tgi:benchmark");
    }

    @Override
    public String description() {
        return "Hugging Face TGI: POST /generate (or /generate_stream with stream=true),"
                + " workload in generated tokens.";
    }

    /**
     * Creates a backend for TGI.
     *
     * @param options the user's settings, in which option names other than those listed above
     *        are rejected
     * @return the backend, which reads {@code GET /info} in discovery
     * @throws dev.vespabench.api.InvalidOptionException when an option is unknown or invalid
     */
    @Override
    public Backend create(BackendOptions options) {
        Objects.requireNonNull(options, "options");
        return TgiBackend.create(options);
    }
}
