package dev.vespabench.comfyui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.vespabench.api.Backend;
import dev.vespabench.api.BackendDefaults;
import dev.vespabench.api.BackendInfo;
import dev.vespabench.api.BackendOptions;
import dev.vespabench.api.Call;
import dev.vespabench.api.HttpRequestSpec;
import dev.vespabench.api.RequestContext;
import dev.vespabench.api.ResponseFormat;

class ComfyBackendTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void defaultsMatchPythonProtocol() {
        Backend worker = ComfyBackend.create(Api.WORKER, BackendOptions.empty());
        Backend comfy = ComfyBackend.create(Api.NATIVE, BackendOptions.empty());

        BackendDefaults expected = new BackendDefaults(3, 1, Duration.ofSeconds(600), true);
        assertThat(worker.defaults()).isEqualTo(expected);
        assertThat(comfy.defaults()).isEqualTo(expected);
        assertThat(worker.healthPath()).isEqualTo("/health");
        assertThat(comfy.healthPath()).isEqualTo("/system_stats");
        assertThat(worker.discoveryRequest()).isEmpty();
    }

    @Test
    void workerSendsTextToImageModifier() throws IOException {
        Backend backend = ComfyBackend.create(Api.WORKER, BackendOptions.empty());

        Call call = backend.request(context(7));

        HttpRequestSpec request = call.request();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/generate/sync");
        assertThat(request.format()).isEqualTo(ResponseFormat.BODY);
        assertThat(call.reader()).isInstanceOf(SyncResultReader.class);
        assertThat(call.expectedWorkload()).isEqualTo(100.0);
        JsonNode input = body(call).path("input");
        assertThat(fieldNames(input)).containsExactly("request_id", "modifier", "modifications");
        assertThat(input.path("request_id").asText()).isEqualTo("vb-test-7");
        assertThat(input.path("modifier").asText()).isEqualTo("Text2Image");
        JsonNode modifications = input.path("modifications");
        assertThat(fieldNames(modifications))
                .containsExactly("prompt", "width", "height", "steps", "seed");
        assertThat(Prompts.ALL).contains(modifications.path("prompt").asText());
        assertThat(modifications.path("width").asInt()).isEqualTo(512);
        assertThat(modifications.path("height").asInt()).isEqualTo(512);
        assertThat(modifications.path("steps").asInt()).isEqualTo(20);
        assertThat(modifications.path("seed").isIntegralNumber()).isTrue();
        assertThat(modifications.path("seed").asLong()).isBetween(0L, (1L << 32) - 1);
    }

    @Test
    void workerSendsWorkflowJson() throws IOException {
        Path file = workflowFile();
        Backend backend = ComfyBackend.create(Api.WORKER, options("workflow", file.toString()));

        Call call = backend.request(context(1));

        JsonNode input = body(call).path("input");
        assertThat(fieldNames(input)).containsExactly("request_id", "workflow_json");
        JsonNode graph = input.path("workflow_json");
        JsonNode expected = MAPPER.readTree(WorkflowFileTest.GRAPH);
        assertThat(fieldNames(graph)).containsExactly("3", "5", "4");
        assertThat(graph.path("5")).isEqualTo(expected.path("5"));
        assertThat(graph.path("4")).isEqualTo(expected.path("4"));
        assertThat(graph.path("3").path("inputs").path("steps").asInt()).isEqualTo(30);
        assertThat(graph.path("3").path("inputs").path("model"))
                .isEqualTo(expected.path("3").path("inputs").path("model"));
    }

    @Test
    void nativeSendsDefaultGraph() throws IOException {
        Backend backend = ComfyBackend.create(Api.NATIVE,
                new BackendOptions(Map.of("checkpoint", "sd.safetensors", "width", "640",
                        "height", "384", "steps", "8"), Map.of()));

        Call call = backend.request(context(2));

        assertThat(call.request().path()).isEqualTo("/prompt");
        assertThat(call.reader()).isInstanceOf(PromptResponseReader.class);
        JsonNode body = body(call);
        assertThat(fieldNames(body)).containsExactly("prompt", "client_id");
        assertThat(body.path("client_id").asText()).isEqualTo("vb-test-2");
        JsonNode graph = body.path("prompt");
        assertThat(classTypes(graph)).containsExactly("KSampler", "CheckpointLoaderSimple",
                "EmptyLatentImage", "CLIPTextEncode", "CLIPTextEncode", "VAEDecode", "SaveImage");
        JsonNode sampler = graph.path("3").path("inputs");
        assertThat(sampler.path("steps").asInt()).isEqualTo(8);
        assertThat(sampler.path("seed").isIntegralNumber()).isTrue();
        assertThat(sampler.path("latent_image").toString()).isEqualTo("[\"5\",0]");
        assertThat(graph.path("4").path("inputs").path("ckpt_name").asText())
                .isEqualTo("sd.safetensors");
        JsonNode latent = graph.path("5").path("inputs");
        assertThat(latent.path("width").asInt()).isEqualTo(640);
        assertThat(latent.path("height").asInt()).isEqualTo(384);
        assertThat(latent.path("batch_size").asInt()).isEqualTo(1);
        assertThat(Prompts.ALL).contains(graph.path("6").path("inputs").path("text").asText());
        assertThat(graph.path("7").path("inputs").path("text").asText())
                .isEqualTo(Prompts.NEGATIVE);
        assertThat(graph.path("9").path("inputs").path("images").toString())
                .isEqualTo("[\"8\",0]");
    }

    @Test
    void seedsDifferBetweenJobs() throws IOException {
        Backend backend = ComfyBackend.create(Api.NATIVE, BackendOptions.empty());
        Set<Long> seeds = new HashSet<>();

        for (int i = 0; i < 20; i++) {
            JsonNode graph = body(backend.request(context(i))).path("prompt");
            seeds.add(graph.path("3").path("inputs").path("seed").asLong());
        }

        assertThat(seeds).hasSize(20);
    }

    @Test
    void workflowSeedsAreRandomisedPerJob() throws IOException {
        Path file = dir.resolve("two-samplers.json");
        Files.writeString(file, "{\"1\": {\"class_type\": \"KSampler\", \"inputs\": {\"seed\": 5}},"
                + " \"2\": {\"class_type\": \"KSamplerAdvanced\", \"inputs\": {\"noise_seed\": 5}},"
                + " \"3\": {\"class_type\": \"KSampler\", \"inputs\": {\"seed\": [\"9\", 0]}},"
                + " \"9\": {\"class_type\": \"SaveImage\", \"inputs\": {}}}");
        Backend backend = ComfyBackend.create(Api.NATIVE, options("workflow", file.toString()));

        JsonNode first = body(backend.request(context(1))).path("prompt");
        JsonNode second = body(backend.request(context(2))).path("prompt");
        JsonNode again = body(backend.request(context(1))).path("prompt");

        long seed = first.path("1").path("inputs").path("seed").asLong();
        long noiseSeed = first.path("2").path("inputs").path("noise_seed").asLong();
        assertThat(seed).isNotEqualTo(5L);
        assertThat(noiseSeed).isNotEqualTo(5L);
        assertThat(second.path("1").path("inputs").path("seed").asLong()).isNotEqualTo(seed);
        assertThat(second.path("2").path("inputs").path("noise_seed").asLong())
                .isNotEqualTo(noiseSeed);
        assertThat(first.path("3").path("inputs").path("seed").toString())
                .isEqualTo("[\"9\",0]");
        assertThat(again).isEqualTo(first);
    }

    @Test
    void workerWorkflowSeedsAreRandomised() throws IOException {
        Path file = workflowFile();
        Backend backend = ComfyBackend.create(Api.WORKER, options("workflow", file.toString()));

        JsonNode first = body(backend.request(context(1))).path("input").path("workflow_json");
        JsonNode second = body(backend.request(context(2))).path("input").path("workflow_json");

        assertThat(first.path("3").path("inputs").path("seed").asLong())
                .isNotEqualTo(1L)
                .isNotEqualTo(second.path("3").path("inputs").path("seed").asLong());
    }

    @Test
    void warmupIsOneMeasuredJob() throws IOException {
        Backend backend = ComfyBackend.create(Api.NATIVE, BackendOptions.empty());

        Call warmup = backend.warmup(context(-1));

        assertThat(warmup.request().path()).isEqualTo("/prompt");
        assertThat(warmup.expectedWorkload()).isEqualTo(100.0);
        assertThat(classTypes(body(warmup).path("prompt"))).hasSize(7);
    }

    @Test
    void pixelsStepsWorkloadIsExpected() {
        Backend backend = ComfyBackend.create(Api.WORKER, options("workload", "pixels-steps"));

        Call call = backend.request(context(1));

        assertThat(call.expectedWorkload()).isEqualTo(5242.88);
        assertThat(backend.info().settings()).containsEntry("workload_per_job", "5242.88");
    }

    @Test
    void infoReportsCheckpointAndSettings() throws IOException {
        BackendInfo comfy = ComfyBackend.create(Api.NATIVE, BackendOptions.empty()).info();
        BackendInfo worker = ComfyBackend.create(Api.WORKER, BackendOptions.empty()).info();
        BackendInfo fromFile = ComfyBackend.create(Api.WORKER,
                options("workflow", workflowFile().toString())).info();

        assertThat(comfy.backend()).isEqualTo("comfyui-native");
        assertThat(comfy.model()).isEqualTo("v1-5-pruned-emaonly.safetensors");
        assertThat(comfy.settings()).containsEntry("workload_per_job", "100.0");
        assertThat(comfy.notes()).contains("workload: 100.0 per job (fixed)");
        assertThat(worker.backend()).isEqualTo("comfyui");
        assertThat(worker.model()).isEmpty();
        assertThat(fromFile.model()).isEqualTo("sdxl.safetensors");
        assertThat(fromFile.notes()).anySatisfy(note -> assertThat(note)
                .endsWith("1 seed input(s) randomised per job"));
    }

    private Path workflowFile() throws IOException {
        Path file = dir.resolve("flow.json");
        Files.writeString(file, WorkflowFileTest.GRAPH);
        return file;
    }

    private static BackendOptions options(String name, String value) {
        return new BackendOptions(Map.of(name, value), Map.of());
    }

    private static RequestContext context(long sequence) {
        return new RequestContext(sequence, "vb-test-" + sequence,
                new SplittableRandom(42 ^ sequence));
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

    private static List<String> classTypes(JsonNode graph) {
        List<String> types = new ArrayList<>();
        graph.forEach(node -> types.add(node.path("class_type").asText()));
        return types;
    }
}
