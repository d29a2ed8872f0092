package dev.vespabench.comfyui;

import java.util.List;
import java.util.Objects;

import dev.vespabench.api.Backend;
import dev.vespabench.api.BackendOptions;
import dev.vespabench.api.BackendProvider;

/**
 * The provider of the {@code comfyui} backend, which loads {@code POST /generate/sync} of the
 * comfyui-json worker (ai-dock/comfyui-api-wrapper).
 *
 * <p>Each request is one job. With a workflow file, named by the {@code workflow} option or
 * else {@code VESPA_COMFYUI_BENCHMARK_FILE}, the job sends the file's API-format graph as
 * {@code input.workflow_json}, with every numeric {@code seed} and {@code noise_seed} input
 * randomised. Without one, it sends the worker's {@code Text2Image} modifier with a prompt from
 * a fixed list, a random seed, and {@code width}, {@code height} and {@code steps} from the
 * options of those names, else {@code BENCHMARK_TEST_WIDTH}, {@code BENCHMARK_TEST_HEIGHT}
 * and {@code BENCHMARK_TEST_STEPS}, else 512, 512 and 20. The file is read when the backend is
 * created: a missing or invalid file is an error that names it.
 *
 * <p>The workload of a job is 100 ({@code workload=fixed}, changed with
 * {@code workload-per-job}) or {@code width * height * steps / 1000}
 * ({@code workload=pixels-steps}). The defaults are a warm-up job, then 3 runs of one job,
 * with a 600 s limit per job. Other option names are rejected.
 */
public final class ComfyUiProvider implements BackendProvider {

    /** Creates the provider, as {@link java.util.ServiceLoader} does. */
    public ComfyUiProvider() {
    }

    /**
     * Returns {@code comfyui}.
     *
     * @return the name
     */
    @Override
    public String name() {
        return Api.WORKER.providerName();
    }

    /**
     * Returns {@code benchmarks.comfyui:benchmark}, the {@code VESPA_BENCHMARK} value of the
     * Python benchmark this backend replaces.
     *
     * @return the alias
     */
    @Override
    public List<String> aliases() {
        return List.of("benchmarks.comfyui:benchmark");
    }

    @Override
    public String description() {
        return "ComfyUI through the comfyui-json worker: POST /generate/sync, workload 100 per"
                + " image job by default.";
    }

    /**
     * Creates a backend for {@code POST /generate/sync}.
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
        return ComfyBackend.create(Api.WORKER, options);
    }
}
