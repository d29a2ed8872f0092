package dev.vespabench.comfyui;

import java.util.Objects;

import dev.vespabench.api.Backend;
import dev.vespabench.api.BackendOptions;
import dev.vespabench.api.BackendProvider;

/**
 * The provider of the {@code comfyui-native} backend, which loads ComfyUI's own API.
 *
 * <p>Each request is one job: {@code POST /prompt} with {@code {"prompt": graph, "client_id"}},
 * then polls of {@code GET /history/{prompt_id}} until the job ends, at delays from 20 ms
 * growing to 2 s. The engine's request timeout bounds the polls. A graph that ComfyUI rejects
 * fails with the error type and the node at fault, and is not retried.
 *
 * <p>The default graph is the smallest text-to-image graph: a checkpoint loader (option
 * {@code checkpoint}, default {@code v1-5-pruned-emaonly.safetensors}), two text encoders, an
 * empty latent image, a KSampler, a VAE decoder and a SaveImage node, with {@code width},
 * {@code height} and {@code steps} taken as for {@link ComfyUiProvider}. A workflow file in
 * API format, named by the {@code workflow} option or else
 * {@code VESPA_COMFYUI_BENCHMARK_FILE}, replaces it, with every numeric {@code seed} and
 * {@code noise_seed} input randomised per job. Workload options and defaults are those of
 * {@link ComfyUiProvider}.
 */
public final class ComfyUiNativeProvider implements BackendProvider {

    /** Creates the provider, as {@link java.util.ServiceLoader} does. */
    public ComfyUiNativeProvider() {
    }

    /**
     * Returns {@code comfyui-native}.
     *
     * @return the name
     */
    @Override
    public String name() {
        return Api.NATIVE.providerName();
    }

    @Override
    public String description() {
        return "ComfyUI's own API: POST /prompt, then GET /history/{prompt_id} until the job"
                + " ends, workload 100 per image job by default.";
    }

    /**
     * Creates a backend for ComfyUI's {@code POST /prompt}.
     *
     * @param options the user's settings, in which option names other than those listed above
     *        are rejected
     * @return the backend
     * @throws dev.vespabench.api.InvalidOptionException when an option is unknown or invalid,
     *         or the workflow file is missing or invalid
     */
    @Override
    public Backend create(BackendOptions options) {
        Objects.requireNonNull(options, "options");
        return ComfyBackend.create(Api.NATIVE, options);
    }
}
