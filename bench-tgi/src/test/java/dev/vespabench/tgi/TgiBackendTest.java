package dev.vespabench.tgi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
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

class TgiBackendTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void defaultsMatchPythonProtocol() {
        Backend backend = TgiBackend.create(BackendOptions.empty());

        assertThat(backend.defaults())
                .isEqualTo(new BackendDefaults(8, 10, Duration.ofSeconds(300), true));
        assertThat(backend.healthPath()).isEqualTo("/health");
    }

    @Test
    void requestHasGeneratePayload() throws IOException {
        Backend backend = TgiBackend.create(BackendOptions.empty());

        Call call = backend.request(context(1));

        HttpRequestSpec request = call.request();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/generate");
        assertThat(request.format()).isEqualTo(ResponseFormat.BODY);
        assertThat(request.headers()).isEmpty();
        assertThat(call.reader()).isInstanceOf(BodyReader.class);
        assertThat(call.expectedWorkload()).isEqualTo(256);
        JsonNode body = body(call);
        assertThat(fieldNames(body)).containsExactly("inputs", "parameters");
        assertThat(wordsOf(body.path("inputs").asText())).isEqualTo(250);
        JsonNode parameters = body.path("parameters");
        assertThat(fieldNames(parameters))
                .containsExactly("max_new_tokens", "temperature", "details");
        assertThat(parameters.path("max_new_tokens").isInt()).isTrue();
        assertThat(parameters.path("max_new_tokens").asInt()).isEqualTo(256);
        assertThat(parameters.path("temperature").decimalValue()).isEqualByComparingTo("0.7");
        assertThat(parameters.path("details").asBoolean()).isTrue();
    }

    @Test
    void temperatureIsWrittenAsGiven() {
        Backend backend = TgiBackend.create(options(Map.of("temperature", "0.70")));

        String body = new String(backend.request(context(1)).request().body(),
                StandardCharsets.UTF_8);

        assertThat(body).endsWith("\"parameters\":{\"max_new_tokens\":256,"
                + "\"temperature\":0.70,\"details\":true}}");
    }

    @Test
    void bodyReaderEstimatesWithRequestedTokens() {
        Backend backend = TgiBackend.create(options(Map.of("max-new-tokens", "64")));
        BodyReader reader = (BodyReader) backend.request(context(1)).reader();
        String body = "{\"generated_text\":\"" + "x".repeat(1000) + "\"}";

        Outcome outcome = reader.read(Samples.responseOf(200, body));

        assertThat(outcome).isEqualTo(Outcome.completed(64, WorkloadSource.ESTIMATED));
    }

    @Test
    void streamOptionUsesGenerateStream() throws IOException {
        Backend backend = TgiBackend.create(options(Map.of("stream", "true")));

        Call call = backend.request(context(1));

        assertThat(call.request().path()).isEqualTo("/generate_stream");
        assertThat(call.request().format()).isEqualTo(ResponseFormat.EVENT_STREAM);
        assertThat(call.reader()).isInstanceOf(EventStreamReader.class);
        assertThat(body(call).path("parameters").path("details").asBoolean()).isTrue();
    }

    @Test
    void warmupUsesShortPrompt() throws IOException {
        Backend backend = TgiBackend.create(options(Map.of("max-new-tokens", "500")));

        Call call = backend.warmup(context(-1));

        JsonNode body = body(call);
        assertThat(call.request().path()).isEqualTo("/generate");
        assertThat(call.expectedWorkload()).isEqualTo(100);
        assertThat(wordsOf(body.path("inputs").asText())).isEqualTo(50);
        assertThat(body.path("parameters").path("max_new_tokens").asInt()).isEqualTo(100);
    }

    @Test
    void promptWordsOptionSetsWordCount() throws IOException {
        Backend backend = TgiBackend.create(options(Map.of("prompt-words", "12")));

        JsonNode body = body(backend.request(context(3)));

        assertThat(wordsOf(body.path("inputs").asText())).isEqualTo(12);
    }

    @Test
    void sameContextGivesSameBody() {
        Backend backend = TgiBackend.create(BackendOptions.empty());

        byte[] first = backend.request(context(7)).request().body();
        byte[] second = backend.request(context(7)).request().body();
        byte[] other = backend.request(context(8)).request().body();

        assertThat(first).isEqualTo(second);
        assertThat(first).isNotEqualTo(other);
    }

    @Test
    void discoveryReadsInfo() {
        Backend backend = TgiBackend.create(BackendOptions.empty());

        HttpRequestSpec discovery = backend.discoveryRequest().orElseThrow();
        Backend discovered = backend.discover(Samples.response(200, "tgi-info.json"));

        assertThat(discovery.method()).isEqualTo("GET");
        assertThat(discovery.path()).isEqualTo("/info");
        assertThat(discovery.format()).isEqualTo(ResponseFormat.BODY);
        assertThat(discovered.discoveryRequest()).isEmpty();
        assertThat(discovered.discover(null)).isSameAs(discovered);
        BackendInfo info = discovered.info();
        assertThat(info.model()).isEqualTo("meta-llama/Llama-3.1-8B-Instruct");
        assertThat(info.maxConcurrentRequests()).isEqualTo(OptionalInt.of(128));
        assertThat(info.notes()).hasSize(2);
        assertThat(info.notes().get(1)).startsWith("server accepts at most 128 concurrent");
    }

    @Test
    void failedDiscoveryLeavesModelUnknown() {
        Backend backend = TgiBackend.create(BackendOptions.empty());

        Backend discovered = backend.discover(Samples.responseOf(404, "Not Found"));

        assertThat(discovered.discoveryRequest()).isEmpty();
        assertThat(discovered.info().model()).isEmpty();
        assertThat(discovered.info().maxConcurrentRequests()).isEmpty();
        assertThat(discovered.info().notes())
                .containsExactly("model unknown because GET /info returned HTTP 404");
        assertThat(discovered.request(context(1)).request().path()).isEqualTo("/generate");
    }

    @Test
    void tooManyNewTokensAreNoted() {
        Backend backend = TgiBackend.create(options(Map.of("max-new-tokens", "4096")));

        Backend discovered = backend.discover(Samples.response(200, "tgi-info.json"));

        assertThat(discovered.info().notes()).contains("max_new_tokens 4096 is not below the"
                + " server's max_total_tokens 4096, so TGI rejects every request with a"
                + " validation error. Lower the max-new-tokens option.");
    }

    @Test
    void infoBeforeDiscoveryDescribesSettings() {
        Backend backend = TgiBackend.create(options(Map.of("stream", "true")));

        BackendInfo info = backend.info();

        assertThat(info.backend()).isEqualTo("tgi");
        assertThat(info.model()).isEmpty();
        assertThat(info.maxConcurrentRequests()).isEmpty();
        assertThat(info.settings()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "endpoint", "/generate_stream",
                "max_new_tokens", "256",
                "prompt_words", "250",
                "temperature", "0.7",
                "stream", "true"));
        assertThat(info.notes()).containsExactly("model unknown until GET /info is read",
                "streamed: workload is details.generated_tokens of the final event");
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

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** Returns the number of random words after the system text and its separator. */
    private static int wordsOf(String inputs) {
        assertThat(inputs).startsWith(PromptText.SYSTEM_TEXT + PromptText.SEPARATOR);
        String words = inputs.substring(
                PromptText.SYSTEM_TEXT.length() + PromptText.SEPARATOR.length());
        return words.split(" ").length;
    }
}
