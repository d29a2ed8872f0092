package dev.vespabench.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;

class ComfyRoutesTest {

    private static final String TEXT_TO_IMAGE = "{\"input\": {\"request_id\": \"r-1\","
            + " \"modifier\": \"Text2Image\", \"modifications\": {\"prompt\": \"a fox\","
            + " \"width\": 512, \"height\": 512, \"steps\": 20, \"seed\": 7}}}";

    @Test
    void generateSyncReturnsCompletedResult() {
        try (SimulatedServer server = start(ImageConfig.of(1, 50))) {
            HttpResponse<String> response =
                    new TestClient(server.baseUrl()).post("/generate/sync", TEXT_TO_IMAGE);

            JsonNode body = TestClient.json(response.body());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(body.path("id").asText()).isEqualTo("r-1");
            assertThat(body.path("status").asText()).isEqualTo("completed");
            assertThat(body.path("message").asText()).isEqualTo("Processing complete.");
            assertThat(body.path("comfyui_response").isObject()).isTrue();
            JsonNode output = body.path("output").path(0);
            assertThat(output.path("node_id").asText()).isEqualTo("9");
            assertThat(output.path("output_type").asText()).isEqualTo("images");
            assertThat(output.path("filename").asText()).matches("ComfyUI_\\d{5}_\\.png");
            assertThat(output.path("local_path").asText())
                    .isEqualTo("/workspace/ComfyUI/output/r-1/" + output.path("filename").asText());
            assertThat(body.path("timings").path("total_ms").asLong()).isGreaterThanOrEqualTo(45);
            assertThat(server.completedImageJobs()).isEqualTo(1);
        }
    }

    @Test
    void generateSyncNamesWorkflowOutputNode() {
        String body = "{\"input\": {\"workflow_json\": {\"12\": {\"class_type\": \"SaveImage\","
                + " \"inputs\": {}}}}}";
        try (SimulatedServer server = start(ImageConfig.of(1, 10))) {
            HttpResponse<String> response =
                    new TestClient(server.baseUrl()).post("/generate/sync", body);

            JsonNode result = TestClient.json(response.body());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(result.path("id").asText()).isNotBlank();
            assertThat(result.path("output").path(0).path("node_id").asText()).isEqualTo("12");
        }
    }

    @Test
    void workflowWithoutOutputFailsJob() {
        String body = "{\"input\": {\"request_id\": \"r-2\", \"workflow_json\": {\"3\":"
                + " {\"class_type\": \"KSampler\", \"inputs\": {}}}}}";
        try (SimulatedServer server = start(ImageConfig.of(1, 10))) {
            HttpResponse<String> response =
                    new TestClient(server.baseUrl()).post("/generate/sync", body);

            JsonNode result = TestClient.json(response.body());
            assertThat(response.statusCode()).isEqualTo(500);
            assertThat(result.path("status").asText()).isEqualTo("failed");
            assertThat(result.path("message").asText()).isEqualTo("ComfyUI rejected the"
                    + " workflow: Prompt has no outputs (prompt_no_outputs)");
            assertThat(server.completedImageJobs()).isZero();
        }
    }

    @Test
    void unknownModifierFailsJob() {
        String body = "{\"input\": {\"modifier\": \"Upscale\"}}";
        try (SimulatedServer server = start(ImageConfig.of(1, 10))) {
            HttpResponse<String> response =
                    new TestClient(server.baseUrl()).post("/generate/sync", body);

            assertThat(response.statusCode()).isEqualTo(500);
            assertThat(TestClient.json(response.body()).path("message").asText())
                    .isEqualTo("Unknown modifier 'Upscale'");
        }
    }

    @Test
    void requestWithoutWorkflowIsInvalid() {
        try (SimulatedServer server = start(ImageConfig.of(1, 10))) {
            HttpResponse<String> response = new TestClient(server.baseUrl())
                    .post("/generate/sync", "{\"input\": {\"request_id\": \"x\"}}");

            JsonNode detail = TestClient.json(response.body()).path("detail").path(0);
            assertThat(response.statusCode()).isEqualTo(422);
            assertThat(detail.path("type").asText()).isEqualTo("value_error");
            assertThat(detail.path("msg").asText())
                    .isEqualTo("Value error, Must provide either workflow_json OR modifier");
        }
    }

    @Test
    void promptLifeCycleEndsInHistory() throws InterruptedException {
        try (SimulatedServer server = start(ImageConfig.of(1, 150))) {
            TestClient client = new TestClient(server.baseUrl());
            ObjectNode request = Json.object();
            request.set("prompt", graph("SaveImage"));
            request.put("client_id", "c-1");

            HttpResponse<String> accepted = client.post("/prompt", Json.string(request));
            String promptId = TestClient.json(accepted.body()).path("prompt_id").asText();
            HttpResponse<String> running = client.get("/history/" + promptId);
            HttpResponse<String> queue = client.get("/prompt");
            JsonNode entry = awaitHistory(client, promptId);

            assertThat(accepted.statusCode()).isEqualTo(200);
            assertThat(TestClient.json(accepted.body()).path("number").asLong()).isZero();
            assertThat(TestClient.json(accepted.body()).path("node_errors").isObject()).isTrue();
            assertThat(running.body()).isEqualTo("{}");
            assertThat(TestClient.json(queue.body()).path("exec_info").path("queue_remaining")
                    .asInt()).isEqualTo(1);
            assertThat(entry.path("status").path("status_str").asText()).isEqualTo("success");
            assertThat(entry.path("status").path("completed").asBoolean()).isTrue();
            assertThat(entry.path("status").path("messages").path(1).path(0).asText())
                    .isEqualTo("execution_success");
            assertThat(entry.path("prompt").path(1).asText()).isEqualTo(promptId);
            assertThat(entry.path("prompt").path(2)).isEqualTo(graph("SaveImage"));
            assertThat(entry.path("prompt").path(3).path("client_id").asText()).isEqualTo("c-1");
            assertThat(entry.path("outputs").path("9").path("images").path(0).path("type")
                    .asText()).isEqualTo("output");
        }
    }

    @Test
    void graphWithoutOutputNodeIsRejected() {
        try (SimulatedServer server = start(ImageConfig.of(1, 10))) {
            ObjectNode request = Json.object();
            request.set("prompt", graph("PreviewText"));

            HttpResponse<String> response =
                    new TestClient(server.baseUrl()).post("/prompt", Json.string(request));

            JsonNode body = TestClient.json(response.body());
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(body.path("error").path("type").asText()).isEqualTo("prompt_no_outputs");
            assertThat(body.path("error").path("message").asText())
                    .isEqualTo("Prompt has no outputs");
            assertThat(body.path("error").path("details").asText()).isEmpty();
            assertThat(body.path("node_errors").isObject()).isTrue();
            assertThat(server.completedImageJobs()).isZero();
        }
    }

    @Test
    void nodeWithoutClassTypeIsRejected() {
        try (SimulatedServer server = start(ImageConfig.of(1, 10))) {
            HttpResponse<String> response = new TestClient(server.baseUrl())
                    .post("/prompt", "{\"prompt\": {\"7\": {\"inputs\": {}}}}");

            JsonNode error = TestClient.json(response.body()).path("error");
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(error.path("type").asText()).isEqualTo("invalid_prompt");
            assertThat(error.path("details").asText()).isEqualTo("Node ID '#7'");
        }
    }

    @Test
    void bodyWithoutPromptIsRejected() {
        try (SimulatedServer server = start(ImageConfig.of(1, 10))) {
            HttpResponse<String> response =
                    new TestClient(server.baseUrl()).post("/prompt", "{\"client_id\": \"c\"}");

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(TestClient.json(response.body()).path("error").path("type").asText())
                    .isEqualTo("no_prompt");
        }
    }

    @Test
    void systemStatsDescribesServer() {
        try (SimulatedServer server = start(ImageConfig.of(1, 10))) {
            HttpResponse<String> response = new TestClient(server.baseUrl()).get("/system_stats");

            JsonNode body = TestClient.json(response.body());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(body.path("system").path("comfyui_version").asText())
                    .isEqualTo("0.3.60-vespa-bench-sim");
            assertThat(body.path("devices").path(0).path("type").asText()).isEqualTo("cpu");
        }
    }

    @Test
    void analyticRouteReportsImageJobs() {
        try (SimulatedServer server = start(ImageConfig.of(2, 200))) {
            HttpResponse<String> response =
                    new TestClient(server.baseUrl()).get("/sim/analytic?concurrency=3");

            JsonNode body = TestClient.json(response.body());
            assertThat(body.path("image_jobs_per_second").asDouble()).isEqualTo(10.0);
            assertThat(body.path("image_workers").asInt()).isEqualTo(2);
            assertThat(body.path("image_job_ms").asDouble()).isEqualTo(200.0);
            assertThat(server.analyticJobsPerSecond(1)).isEqualTo(5.0);
        }
    }

    @Test
    void jobThatNeverFinishesStaysPending() throws InterruptedException {
        ImageConfig config = ImageConfig.of(1, 10).withJobsNeverFinish(true);
        try (SimulatedServer server = start(config)) {
            TestClient client = new TestClient(server.baseUrl());
            ObjectNode request = Json.object();
            request.set("prompt", graph("SaveImage"));

            CompletableFuture<HttpResponse<String>> sync =
                    client.postAsync("/generate/sync", TEXT_TO_IMAGE);
            String promptId = TestClient.json(client.post("/prompt", Json.string(request)).body())
                    .path("prompt_id").asText();
            Thread.sleep(300);

            assertThat(sync).isNotDone();
            assertThat(client.get("/history/" + promptId).body()).isEqualTo("{}");
            sync.cancel(true);
        }
    }

    @Test
    void clientThatLeavesFreesWorker() throws IOException, InterruptedException {
        try (SimulatedServer server = start(ImageConfig.of(1, 60_000))) {
            RawClient.Reply reply = RawClient.post(server.port(), "/generate/sync",
                    TEXT_TO_IMAGE, Duration.ofMillis(200));
            TestClient client = new TestClient(server.baseUrl());

            int remaining = -1;
            for (int i = 0; i < 100 && remaining != 0; i++) {
                Thread.sleep(20);
                remaining = TestClient.json(client.get("/prompt").body())
                        .path("exec_info").path("queue_remaining").asInt();
            }

            assertThat(reply.ending()).isEqualTo(RawClient.Ending.TIMEOUT);
            assertThat(remaining).isZero();
        }
    }

    @Test
    void queueDeleteRemovesOnlyPendingPrompt() {
        try (SimulatedServer server = start(ImageConfig.of(1, 60_000))) {
            TestClient client = new TestClient(server.baseUrl());
            String running = submit(client);
            String pending = submit(client);

            HttpResponse<String> deleted = client.post("/queue",
                    "{\"delete\": [\"" + pending + "\", \"" + running + "\"]}");

            assertThat(deleted.statusCode()).isEqualTo(200);
            assertThat(remaining(client)).isEqualTo(1);
            assertThat(client.get("/history/" + pending).body()).isEqualTo("{}");
        }
    }

    @Test
    void interruptStopsOnlyNamedRunningPrompt() {
        try (SimulatedServer server = start(ImageConfig.of(1, 60_000))) {
            TestClient client = new TestClient(server.baseUrl());
            String running = submit(client);
            String pending = submit(client);

            client.post("/interrupt", "{\"prompt_id\": \"" + pending + "\"}");
            int afterPendingNamed = remaining(client);
            HttpResponse<String> interrupted =
                    client.post("/interrupt", "{\"prompt_id\": \"" + running + "\"}");

            assertThat(afterPendingNamed).isEqualTo(2);
            assertThat(interrupted.statusCode()).isEqualTo(200);
            // The pending prompt takes the freed worker.
            assertThat(remaining(client)).isEqualTo(1);
        }
    }

    @Test
    void interruptWithoutPromptIdStopsRunningJob() {
        try (SimulatedServer server = start(ImageConfig.of(1, 60_000))) {
            TestClient client = new TestClient(server.baseUrl());
            submit(client);

            HttpResponse<String> interrupted = client.post("/interrupt", "");

            assertThat(interrupted.statusCode()).isEqualTo(200);
            assertThat(remaining(client)).isZero();
            assertThat(server.completedImageJobs()).isZero();
        }
    }

    private static String submit(TestClient client) {
        ObjectNode request = Json.object();
        request.set("prompt", graph("SaveImage"));
        return TestClient.json(client.post("/prompt", Json.string(request)).body())
                .path("prompt_id").asText();
    }

    private static int remaining(TestClient client) {
        return TestClient.json(client.get("/prompt").body())
                .path("exec_info").path("queue_remaining").asInt();
    }

    private static SimulatedServer start(ImageConfig images) {
        return Simulator.start(SimulatorConfig.builder().images(images).build());
    }

    /** Returns a two-node graph whose second node has the given class type, id 9. */
    private static ObjectNode graph(String outputClassType) {
        ObjectNode graph = Json.object();
        ObjectNode sampler = graph.putObject("3");
        sampler.put("class_type", "KSampler");
        sampler.putObject("inputs").put("seed", 1);
        ObjectNode output = graph.putObject("9");
        output.put("class_type", outputClassType);
        output.putObject("inputs").putArray("images").add("3").add(0);
        return graph;
    }

    private static JsonNode awaitHistory(TestClient client, String promptId)
            throws InterruptedException {
        for (int i = 0; i < 250; i++) {
            JsonNode root = TestClient.json(client.get("/history/" + promptId).body());
            if (root.has(promptId)) {
                return root.path(promptId);
            }
            Thread.sleep(20);
        }
        throw new AssertionError("history of " + promptId + " stayed empty for 5 s");
    }
}
