package dev.vespabench.tgi;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import dev.vespabench.api.Backend;
import dev.vespabench.api.BackendDefaults;
import dev.vespabench.api.BackendInfo;
import dev.vespabench.api.BackendOptions;
import dev.vespabench.api.Call;
import dev.vespabench.api.HttpRequestSpec;
import dev.vespabench.api.HttpResponseData;
import dev.vespabench.api.PromptText;
import dev.vespabench.api.RequestContext;
import dev.vespabench.api.ResponseFormat;
import dev.vespabench.api.ResponseReader;

/**
 * A backend that loads TGI's {@code /generate} or {@code /generate_stream} with prompts of a
 * fixed system text and random words, and counts generated tokens.
 */
final class TgiBackend implements Backend {

    /** The provider name. */
    static final String NAME = "tgi";

    /** Random words in the warm-up prompt, as in the Python benchmarks. */
    static final int WARMUP_WORDS = 50;

    /** {@code max_new_tokens} of the warm-up request, as in the Python benchmarks. */
    static final int WARMUP_MAX_NEW_TOKENS = 100;

    /** TGI's readiness path, which returns 200 once the model server can generate. */
    static final String HEALTH_PATH = "/health";

    // 8 runs of 10 concurrent requests with a warm-up are the Python benchmarks' protocol.
    // The request timeout of 300 s is aiohttp's default total timeout, the client those
    // benchmarks used.
    private static final BackendDefaults DEFAULTS =
            new BackendDefaults(8, 10, Duration.ofSeconds(300), true);

    private final TgiSettings settings;
    private final ServerInfo server;

    private TgiBackend(TgiSettings settings, ServerInfo server) {
        this.settings = settings;
        this.server = server;
    }

    /**
     * Creates a backend from the user's options.
     *
     * @param options the user's options
     * @return the backend, which reads {@code GET /info} in discovery
     * @throws dev.vespabench.api.InvalidOptionException when an option is unknown or invalid
     */
    static TgiBackend create(BackendOptions options) {
        return new TgiBackend(TgiSettings.from(NAME, options), ServerInfo.PENDING);
    }

    @Override
    public BackendDefaults defaults() {
        return DEFAULTS;
    }

    @Override
    public String healthPath() {
        return HEALTH_PATH;
    }

    @Override
    public Optional<HttpRequestSpec> discoveryRequest() {
        return server.pending()
                ? Optional.of(HttpRequestSpec.get(ServerInfo.INFO_PATH))
                : Optional.empty();
    }

    /**
     * Returns a copy that reports the model and concurrency limit from {@code GET /info}. A
     * failed or missing response leaves both unknown, which changes no request.
     */
    @Override
    public Backend discover(@Nullable HttpResponseData response) {
        if (!server.pending()) {
            return this;
        }
        return new TgiBackend(settings, ServerInfo.from(response));
    }

    /**
     * Returns the model and {@code max_concurrent_requests} from {@code GET /info}, the request
     * settings, and notes. The backend does not know the benchmark's concurrency, so comparing
     * it with {@link BackendInfo#maxConcurrentRequests()} is left to the caller.
     */
    @Override
    public BackendInfo info() {
        List<String> notes = new ArrayList<>(server.notes());
        server.maxTotalTokens().ifPresent(limit -> {
            if (settings.maxNewTokens() >= limit) {
                notes.add("max_new_tokens " + settings.maxNewTokens() + " is not below the"
                        + " server's max_total_tokens " + limit + ", so TGI rejects every"
                        + " request with a validation error. Lower the max-new-tokens option.");
            }
        });
        if (settings.stream()) {
            notes.add("streamed: workload is details.generated_tokens of the final event");
        }
        return new BackendInfo(NAME, server.modelId(), server.maxConcurrentRequests(),
                settings.describe(), notes);
    }

    @Override
    public Call warmup(RequestContext context) {
        return call(context, WARMUP_WORDS, WARMUP_MAX_NEW_TOKENS);
    }

    @Override
    public Call request(RequestContext context) {
        return call(context, settings.promptWords(), settings.maxNewTokens());
    }

    private Call call(RequestContext context, int words, int maxNewTokens) {
        String inputs = PromptText.prompt(context.random(), words);
        byte[] body = RequestBodies.write(inputs, maxNewTokens, settings.temperature());
        ResponseFormat format =
                settings.stream() ? ResponseFormat.EVENT_STREAM : ResponseFormat.BODY;
        ResponseReader reader = settings.stream()
                ? new GenerateStreamReader(maxNewTokens)
                : new GenerateBodyReader(maxNewTokens);
        HttpRequestSpec request =
                new HttpRequestSpec("POST", settings.path(), Map.of(), body, format);
        return new Call(request, reader, maxNewTokens);
    }
}
