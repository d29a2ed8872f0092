package dev.vespabench.openai;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

import dev.vespabench.api.Backend;
import dev.vespabench.api.BackendDefaults;
import dev.vespabench.api.BackendInfo;
import dev.vespabench.api.BackendOptions;
import dev.vespabench.api.BodyReader;
import dev.vespabench.api.Call;
import dev.vespabench.api.EventStreamReader;
import dev.vespabench.api.HttpRequestSpec;
import dev.vespabench.api.Outcome;
import dev.vespabench.api.PromptText;
import dev.vespabench.api.RequestContext;
import dev.vespabench.api.ResponseFormat;
import dev.vespabench.api.WorkloadSource;
import dev.vespabench.testkit.Samples;

class OpenAiBackendTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void defaultsMatchPythonProtocol() {
        Backend backend = OpenAiBackend.create(Api.COMPLETIONS, BackendOptions.empty());

        assertThat(backend.defaults())
                .isEqualTo(new BackendDefaults(8, 10, Duration.ofSeconds(300), true));
        assertThat(backend.healthPath()).isEqualTo("/v1/models");
    }

    @Test
    void completionsRequestHasPythonPayload() throws IOException {
        Backend backend = withModel(Api.COMPLETIONS);

        Call call = backend.request(context(1));

        HttpRequestSpec request = call.request();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/v1/completions");
        assertThat(request.format()).isEqualTo(ResponseFormat.BODY);
        assertThat(call.reader()).isInstanceOf(BodyReader.class);
        assertThat(call.expectedWorkload()).isEqualTo(500);
        JsonNode body = body(call);
        assertThat(body.path("model").asText()).isEqualTo("llama");
        assertThat(body.path("max_tokens").isInt()).isTrue();
        assertThat(body.path("max_tokens").asInt()).isEqualTo(500);
        assertThat(body.path("temperature").decimalValue()).isEqualByComparingTo("0.7");
        assertThat(body.has("stream")).isFalse();
        assertThat(body.has("messages")).isFalse();
        String prompt = body.path("prompt").asText();
        assertThat(prompt).startsWith(PromptText.SYSTEM_TEXT + "\n\n");
        String words = prompt.substring(PromptText.SYSTEM_TEXT.length() + 2);
        assertThat(words.split(" ")).hasSize(250);
    }

    @Test
    void chatRequestHasSystemAndUserMessages() throws IOException {
        Backend backend = withModel(Api.CHAT);

        Call call = backend.request(context(1));

        assertThat(call.request().path()).isEqualTo("/v1/chat/completions");
        JsonNode body = body(call);
        assertThat(body.path("model").asText()).isEqualTo("llama");
        assertThat(body.path("max_tokens").asInt()).isEqualTo(500);
        assertThat(body.path("temperature").decimalValue()).isEqualByComparingTo("0.7");
        assertThat(body.has("prompt")).isFalse();
        JsonNode messages = body.path("messages");
        assertThat(messages).hasSize(2);
        assertThat(messages.get(0).path("role").asText()).isEqualTo("system");
        assertThat(messages.get(0).path("content").asText()).isEqualTo(PromptText.SYSTEM_TEXT);
        assertThat(messages.get(1).path("role").asText()).isEqualTo("user");
        assertThat(messages.get(1).path("content").asText().split(" ")).hasSize(250);
    }

    @Test
    void warmupUsesFiftyWordsAndHundredTokens() throws IOException {
        Backend backend = withModel(Api.CHAT);

        Call call = backend.warmup(context(0));

        JsonNode body = body(call);
        assertThat(body.path("max_tokens").asInt()).isEqualTo(100);
        assertThat(call.expectedWorkload()).isEqualTo(100);
        assertThat(body.path("messages").get(1).path("content").asText().split(" ")).hasSize(50);
    }

    @Test
    void warmupReaderEstimatesItsOwnMaxTokens() {
        Backend backend = withModel(Api.COMPLETIONS);

        Call call = backend.warmup(context(0));

        Outcome outcome = ((BodyReader) call.reader())
                .read(Samples.responseOf(200,
                        "{\"choices\":[{\"text\":\"x\",\"finish_reason\":\"length\"}]}"));
        assertThat(outcome).isEqualTo(Outcome.completed(100, WorkloadSource.ESTIMATED));
    }

    @Test
    void streamRequestAsksForUsage() throws IOException {
        Backend backend = OpenAiBackend.create(Api.CHAT, options(Map.of("stream", "true")));

        Call call = backend.request(context(1));

        assertThat(call.request().format()).isEqualTo(ResponseFormat.EVENT_STREAM);
        assertThat(call.reader()).isInstanceOf(EventStreamReader.class);
        JsonNode body = body(call);
        assertThat(body.path("stream").asBoolean()).isTrue();
        assertThat(body.path("stream_options").path("include_usage").asBoolean()).isTrue();
    }

    @Test
    void optionsChangePayload() throws IOException {
        Map<String, String> values = Map.of("model", "tiny", "max-tokens", "64",
                "prompt-words", "12", "temperature", "0");
        Backend backend = OpenAiBackend.create(Api.COMPLETIONS, options(values));

        Call call = backend.request(context(3));

        JsonNode body = body(call);
        assertThat(body.path("model").asText()).isEqualTo("tiny");
        assertThat(body.path("max_tokens").asInt()).isEqualTo(64);
        assertThat(body.path("temperature").decimalValue()).isEqualByComparingTo("0");
        String words = body.path("prompt").asText().substring(PromptText.SYSTEM_TEXT.length() + 2);
        assertThat(words.split(" ")).hasSize(12);
        assertThat(call.expectedWorkload()).isEqualTo(64);
    }

    @Test
    void sameSeedGivesSameBody() {
        Backend backend = withModel(Api.CHAT);

        byte[] first = backend.request(context(7)).request().body();
        byte[] second = backend.request(context(7)).request().body();
        byte[] other = backend.request(context(8)).request().body();

        assertThat(first).isEqualTo(second);
        assertThat(first).isNotEqualTo(other);
    }

    @Test
    void modelOptionSkipsDiscovery() {
        Backend backend = withModel(Api.COMPLETIONS);

        assertThat(backend.discoveryRequest()).isEmpty();
        assertThat(backend.discover(null)).isSameAs(backend);
        assertThat(backend.info().model()).isEqualTo("llama");
        assertThat(backend.info().notes()).containsExactly("model name from the model option");
    }

    @Test
    void modelVariableSkipsDiscovery() {
        BackendOptions options = new BackendOptions(Map.of(), Map.of("MODEL_NAME", "qwen"));
        Backend backend = OpenAiBackend.create(Api.CHAT, options);

        assertThat(backend.discoveryRequest()).isEmpty();
        assertThat(backend.info().model()).isEqualTo("qwen");
        assertThat(backend.info().notes()).containsExactly("model name from MODEL_NAME");
    }

    @Test
    void discoveryUsesListedModel() throws IOException {
        Backend backend = OpenAiBackend.create(Api.CHAT, BackendOptions.empty());

        HttpRequestSpec discovery = backend.discoveryRequest().orElseThrow();
        Backend discovered = backend.discover(Samples.response(200, "vllm-models.json"));

        assertThat(discovery.method()).isEqualTo("GET");
        assertThat(discovery.path()).isEqualTo("/v1/models");
        assertThat(discovery.format()).isEqualTo(ResponseFormat.BODY);
        assertThat(discovered.discoveryRequest()).isEmpty();
        assertThat(discovered.info().model()).isEqualTo("Qwen/Qwen2.5-7B-Instruct");
        assertThat(discovered.info().notes()).containsExactly("model name from GET /v1/models");
        assertThat(body(discovered.request(context(1))).path("model").asText())
                .isEqualTo("Qwen/Qwen2.5-7B-Instruct");
    }

    @Test
    void failedDiscoveryKeepsDefaultModel() throws IOException {
        Backend backend = OpenAiBackend.create(Api.COMPLETIONS, BackendOptions.empty());

        Backend discovered = backend.discover(Samples.responseOf(200, "{\"data\":[]}"));

        assertThat(discovered.discoveryRequest()).isEmpty();
        assertThat(discovered.info().model()).isEqualTo("model");
        assertThat(discovered.info().notes()).singleElement().asString()
                .contains("listed no models");
        assertThat(body(discovered.request(context(1))).path("model").asText()).isEqualTo("model");
    }

    @Test
    void infoDescribesSettings() {
        Backend backend = OpenAiBackend.create(Api.CHAT, options(Map.of("stream", "true")));

        BackendInfo info = backend.info();

        assertThat(info.backend()).isEqualTo("openai-chat");
        assertThat(info.model()).as("no model before discovery").isEmpty();
        assertThat(info.maxConcurrentRequests()).isEmpty();
        assertThat(info.settings()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "endpoint", "/v1/chat/completions",
                "max_tokens", "500",
                "prompt_words", "250",
                "temperature", "0.7",
                "stream", "true"));
        assertThat(info.notes()).hasSize(2);
        assertThat(info.notes().get(0)).isEqualTo("model not discovered: GET /v1/models has not"
                + " been read");
        assertThat(info.notes().get(1)).startsWith("streamed:");
    }

    private static Backend withModel(Api api) {
        return OpenAiBackend.create(api, options(Map.of("model", "llama")));
    }

    private static BackendOptions options(Map<String, String> values) {
        return new BackendOptions(values, Map.of());
    }

    private static RequestContext context(long seed) {
        return new RequestContext(seed, "request-" + seed, new SplittableRandom(seed));
    }

    private static JsonNode body(Call call) throws IOException {
        byte[] body = call.request().body();
        assertThat(body).isNotNull();
        return MAPPER.readTree(body);
    }
}
