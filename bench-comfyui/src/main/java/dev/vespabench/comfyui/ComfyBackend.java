package dev.vespabench.comfyui;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import dev.vespabench.api.Backend;
import dev.vespabench.api.BackendDefaults;
import dev.vespabench.api.BackendInfo;
import dev.vespabench.api.BackendOptions;
import dev.vespabench.api.BodyReader;
import dev.vespabench.api.Call;
import dev.vespabench.api.HttpRequestSpec;
import dev.vespabench.api.HttpResponseData;
import dev.vespabench.api.RequestContext;
import dev.vespabench.api.ResponseFormat;
import org.jspecify.annotations.Nullable;

/**
 * A backend that submits one image job per request, to the comfyui-json worker or to ComfyUI
 * itself, and charges a fixed workload per job.
 */
final class ComfyBackend implements Backend {

    /** The comfyui-json worker's health path: 200 once every ComfyUI behind it responds. */
    static final String WORKER_HEALTH_PATH = "/health";

    /** ComfyUI's cheapest JSON route, which returns 200 once the server has started. */
    static final String NATIVE_HEALTH_PATH = "/system_stats";

    // A warm-up, then 3 runs of one job with a 600 s limit per job, are the Python benchmark's
    // protocol: image jobs take seconds to minutes, so one job at a time already loads the GPU.
    private static final BackendDefaults DEFAULTS =
            new BackendDefaults(3, 1, Duration.ofSeconds(600), true);

    private final Api api;
    private final ComfySettings settings;
    /** The ComfyUI version that discovery found, or empty before discovery or when unknown. */
    private final Optional<String> serverVersion;

    private ComfyBackend(Api api, ComfySettings settings, Optional<String> serverVersion) {
        this.api = api;
        this.settings = settings;
        this.serverVersion = serverVersion;
    }

    /**
     * Creates a backend from the user's options, reading the workflow file if one is named.
     *
     * @param api the API to load
     * @param options the user's options
     * @return the backend
     * @throws dev.vespabench.api.InvalidOptionException when an option is unknown or invalid,
     *         or the workflow file is missing or invalid
     */
    static ComfyBackend create(Api api, BackendOptions options) {
        return new ComfyBackend(api, ComfySettings.from(api, options), Optional.empty());
    }

    @Override
    public BackendDefaults defaults() {
        return DEFAULTS;
    }

    /**
     * Returns {@code /health} for the comfyui-json worker, which returns 503 while a ComfyUI
     * behind it is unreachable, and {@code /system_stats} for ComfyUI, a small JSON route,
     * where {@code /} would send the web editor's page.
     */
    @Override
    public String healthPath() {
        return api == Api.WORKER ? WORKER_HEALTH_PATH : NATIVE_HEALTH_PATH;
    }

    /**
     * Returns {@code GET /system_stats} for ComfyUI, whose version decides whether a job's
     * clean-up may interrupt it, and nothing for the comfyui-json worker.
     */
    @Override
    public Optional<HttpRequestSpec> discoveryRequest() {
        return api == Api.NATIVE
                ? Optional.of(HttpRequestSpec.get(NATIVE_HEALTH_PATH)) : Optional.empty();
    }

    @Override
    public ComfyBackend discover(@Nullable HttpResponseData response) {
        if (api != Api.NATIVE) {
            return this;
        }
        return new ComfyBackend(api, settings, PromptCleanup.serverVersion(response));
    }

    @Override
    public BackendInfo info() {
        List<String> notes = new ArrayList<>(settings.notes());
        if (api == Api.NATIVE) {
            notes.add("each job is polled through GET /history/{prompt_id}, which adds up to"
                    + " about 5% to its measured time");
            if (!interrupts()) {
                notes.add("ComfyUI " + serverVersion.orElse("of unknown version") + " may"
                        + " ignore the prompt_id of POST /interrupt and stop another client's"
                        + " job, so a job whose request ends unfinished is deleted from the"
                        + " queue but left to finish once it runs; ComfyUI "
                        + PromptCleanup.MIN_INTERRUPT_VERSION + " and later are interrupted");
            }
        }
        return new BackendInfo(api.providerName(), model(), OptionalInt.empty(),
                settings.describe(api), notes);
    }

    /** Returns one job like the measured ones, so that the model is loaded before measuring. */
    @Override
    public Call warmup(RequestContext context) {
        return request(context);
    }

    @Override
    public Call request(RequestContext context) {
        double workload = settings.workloadPerJob();
        byte[] body;
        BodyReader reader;
        if (api == Api.WORKER) {
            body = RequestBodies.workerJob(settings, context.requestId(), context.random());
            reader = new SyncResultReader(workload);
        } else {
            body = RequestBodies.nativeJob(settings, context.requestId(), context.random());
            reader = new PromptResponseReader(workload, interrupts());
        }
        HttpRequestSpec request = new HttpRequestSpec("POST", api.path(),
                Map.of(), body, ResponseFormat.BODY);
        return new Call(request, reader, workload);
    }

    /** Returns whether the server's version interrupts only the prompt that it is given. */
    private boolean interrupts() {
        return serverVersion.map(PromptCleanup::interruptsByPromptId).orElse(false);
    }

    /** Returns the checkpoint that jobs load, where the settings or the graph name it. */
    private String model() {
        if (settings.workflow().isPresent()) {
            return settings.workflow().get().checkpointName().orElse("");
        }
        return api == Api.NATIVE ? settings.checkpoint() : "";
    }
}
