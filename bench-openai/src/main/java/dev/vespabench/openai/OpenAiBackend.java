package dev.vespabench.openai;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import org.jspecify.annotations.Nullable;

import dev.vespabench.api.Backend;
import dev.vespabench.api.BackendDefaults;
import dev.vespabench.api.BackendInfo;
import dev.vespabench.api.BackendOptions;
import dev.vespabench.api.Call;
import dev.vespabench.api.HttpRequestSpec;
import dev.vespabench.api.HttpResponseData;
import dev.vespabench.api.RequestContext;
import dev.vespabench.api.ResponseFormat;
import dev.vespabench.api.ResponseReader;

/**
 * A backend that loads an OpenAI-compatible completions or chat completions endpoint with
 * prompts of a fixed system text and random words, and counts generated tokens.
 */
final class OpenAiBackend implements Backend {

    /** Random words in the warm-up prompt, as in the Python benchmarks. */
    static final int WARMUP_WORDS = 50;

    /** {@code max_tokens} of the warm-up request, as in the Python benchmarks. */
    static final int WARMUP_MAX_TOKENS = 100;

    // 8 runs of 10 concurrent requests with a warm-up are the Python benchmarks' protocol.
    // The request timeout of 300 s is aiohttp's default total timeout, the client those
    // benchmarks used. A 500-token generation takes tens of seconds at the per-sequence speed
    // of a busy or small GPU and longer on a CPU, so a shorter limit would count slow but
    // successful requests as failures.
    private static final BackendDefaults DEFAULTS =
            new BackendDefaults(8, 10, Duration.ofSeconds(300), true);

    private final Api api;
    private final OpenAiSettings settings;
    private final ModelChoice model;
    private final BodyTemplate requestBody;
    private final BodyTemplate warmupBody;
    private final ResponseReader requestReader;
    private final ResponseReader warmupReader;

    private OpenAiBackend(Api api, OpenAiSettings settings, ModelChoice model) {
        this.api = api;
        this.settings = settings;
        this.model = model;
        this.requestBody = BodyTemplate.of(api, model.name(), settings.maxTokens(), settings);
        this.warmupBody = BodyTemplate.of(api, model.name(), WARMUP_MAX_TOKENS, settings);
        this.requestReader = reader(settings.maxTokens());
        this.warmupReader = reader(WARMUP_MAX_TOKENS);
    }

    /**
     * Creates a backend for the endpoint from the user's options.
     *
     * @param api the endpoint
     * @param options the user's options
     * @return the backend, which needs discovery unless the options name the model
     * @throws dev.vespabench.api.InvalidOptionException when an option is unknown or invalid
     */
    static OpenAiBackend create(Api api, BackendOptions options) {
        OpenAiSettings settings = OpenAiSettings.from(api.providerName(), options);
        return new OpenAiBackend(api, settings, ModelChoice.fromOptions(options));
    }

    @Override
    public BackendDefaults defaults() {
        return DEFAULTS;
    }

    /**
     * Returns {@code /v1/models}. Every OpenAI-compatible server serves it, while
     * {@code /health} exists on vLLM, TGI and llama.cpp but not on Ollama. vLLM starts serving
     * HTTP only after the model has loaded, so a 200 there also means that it is ready.
     */
    @Override
    public String healthPath() {
        return ModelChoice.MODELS_PATH;
    }

    @Override
    public Optional<HttpRequestSpec> discoveryRequest() {
        return model.pending()
                ? Optional.of(HttpRequestSpec.get(ModelChoice.MODELS_PATH))
                : Optional.empty();
    }

    @Override
    public Backend discover(@Nullable HttpResponseData response) {
        if (!model.pending()) {
            return this;
        }
        return new OpenAiBackend(api, settings, ModelChoice.fromListing(response));
    }

    @Override
    public BackendInfo info() {
        Map<String, String> described = new LinkedHashMap<>();
        described.put("endpoint", api.path());
        described.putAll(settings.describe());
        List<String> notes = new ArrayList<>();
        notes.add(model.note());
        if (settings.stream()) {
            notes.add("streamed: workload is usage.completion_tokens where the server reports"
                    + " it, else one token per chunk with text");
        }
        // A pending name is a placeholder that no request has carried, so it is not reported.
        return new BackendInfo(api.providerName(), model.pending() ? "" : model.name(),
                OptionalInt.empty(), described, notes);
    }

    @Override
    public Call warmup(RequestContext context) {
        return call(warmupBody.fill(context.random(), WARMUP_WORDS), warmupReader,
                WARMUP_MAX_TOKENS);
    }

    @Override
    public Call request(RequestContext context) {
        return call(requestBody.fill(context.random(), settings.promptWords()), requestReader,
                settings.maxTokens());
    }

    private Call call(byte[] body, ResponseReader reader, int maxTokens) {
        ResponseFormat format =
                settings.stream() ? ResponseFormat.EVENT_STREAM : ResponseFormat.BODY;
        HttpRequestSpec request = new HttpRequestSpec("POST", api.path(), Map.of(), body, format);
        return new Call(request, reader, maxTokens);
    }

    /** Creates the reader of a request's response, which keeps no state between calls. */
    private ResponseReader reader(int maxTokens) {
        return settings.stream()
                ? new CompletionStreamReader(api, maxTokens)
                : new CompletionBodyReader(api, maxTokens);
    }
}
