package dev.vespabench.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TgiRoutesTest {

    private static final String OVERLOADED =
            "{\"error\":\"Model is overloaded\",\"error_type\":\"overloaded\"}";

    @Test
    void infoReportsModelAndLimits() {
        SimulatorConfig config = SimulatorConfig.builder().maxConcurrentRequests(7).build();
        try (SimulatedServer server = Simulator.start(config)) {
            HttpResponse<String> response = new TestClient(server.baseUrl()).get("/info");

            JsonNode body = TestClient.json(response.body());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(body.path("model_id").asText()).isEqualTo("sim-model");
            assertThat(body.path("max_concurrent_requests").asInt()).isEqualTo(7);
            assertThat(body.path("max_input_tokens").asInt())
                    .isEqualTo(TgiRoutes.MAX_INPUT_TOKENS);
            assertThat(body.path("max_total_tokens").asInt())
                    .isEqualTo(TgiRoutes.MAX_TOTAL_TOKENS);
            assertThat(body.path("model_pipeline_tag").asText()).isEqualTo("text-generation");
            assertThat(body.path("version").asText()).isEqualTo("vespa-bench-sim");
        }
    }

    @Test
    void healthReturns200() {
        try (SimulatedServer server = Simulator.start(SimulatorConfig.defaults())) {
            HttpResponse<String> response = new TestClient(server.baseUrl()).get("/health");

            assertThat(response.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void generateReportsDetails() {
        try (SimulatedServer server = Simulator.start(SimulatorConfig.defaults())) {
            HttpResponse<String> response = new TestClient(server.baseUrl())
                    .post("/generate", body(12, true));

            JsonNode body = TestClient.json(response.body());
            JsonNode details = body.path("details");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("content-type"))
                    .hasValue("application/json");
            assertThat(FillerText.countWords(body.path("generated_text").asText()))
                    .isEqualTo(12);
            assertThat(details.path("finish_reason").asText()).isEqualTo("length");
            assertThat(details.path("generated_tokens").asInt()).isEqualTo(12);
            assertThat(details.path("prefill")).isEmpty();
            assertThat(details.path("tokens")).hasSize(12);
            assertThat(details.path("tokens").path(11).path("special").asBoolean()).isFalse();
        }
    }

    @Test
    void generateWithoutDetailsSendsText() {
        try (SimulatedServer server = Simulator.start(SimulatorConfig.defaults())) {
            HttpResponse<String> response = new TestClient(server.baseUrl())
                    .post("/generate", body(5, false));

            JsonNode body = TestClient.json(response.body());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(FillerText.countWords(body.path("generated_text").asText())).isEqualTo(5);
            assertThat(body.has("details")).isFalse();
        }
    }

    @Test
    void noUsageConfigOmitsDetails() {
        SimulatorConfig config = SimulatorConfig.builder().includeUsage(false).build();
        try (SimulatedServer server = Simulator.start(config)) {
            HttpResponse<String> response = new TestClient(server.baseUrl())
                    .post("/generate", body(5, true));

            JsonNode body = TestClient.json(response.body());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(body.has("details")).isFalse();
        }
    }

    @Test
    void outputCapStopsGenerationEarly() {
        SimulatorConfig config = SimulatorConfig.builder().maxOutputTokens(4).build();
        try (SimulatedServer server = Simulator.start(config)) {
            HttpResponse<String> response = new TestClient(server.baseUrl())
                    .post("/generate", body(50, true));

            JsonNode body = TestClient.json(response.body());
            JsonNode details = body.path("details");
            JsonNode last = details.path("tokens").path(3);
            assertThat(details.path("finish_reason").asText()).isEqualTo("eos_token");
            assertThat(details.path("generated_tokens").asInt()).isEqualTo(4);
            assertThat(details.path("tokens")).hasSize(4);
            assertThat(last.path("special").asBoolean()).isTrue();
            assertThat(last.path("text").asText()).isEqualTo("</s>");
            assertThat(FillerText.countWords(body.path("generated_text").asText())).isEqualTo(3);
        }
    }

    @Test
    void streamSendsOneEventPerToken() {
        try (SimulatedServer server = Simulator.start(SimulatorConfig.defaults())) {
            HttpResponse<String> response = new TestClient(server.baseUrl())
                    .post("/generate_stream", body(6, true));

            List<JsonNode> events = events(response.body());
            JsonNode last = events.get(5);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("content-type"))
                    .hasValue("text/event-stream");
            assertThat(response.body()).startsWith("data:{").doesNotContain("data: ");
            assertThat(events).hasSize(6);
            for (int i = 0; i < 5; i++) {
                JsonNode event = events.get(i);
                assertThat(event.path("index").asInt()).isEqualTo(i + 1);
                assertThat(event.path("token").path("text").asText()).isNotBlank();
                assertThat(event.path("generated_text").isNull()).isTrue();
                assertThat(event.path("details").isNull()).isTrue();
            }
            assertThat(last.path("token").isObject()).isTrue();
            assertThat(FillerText.countWords(last.path("generated_text").asText())).isEqualTo(6);
            assertThat(last.path("details").path("finish_reason").asText()).isEqualTo("length");
            assertThat(last.path("details").path("generated_tokens").asInt()).isEqualTo(6);
            assertThat(last.path("details").path("input_length").asInt()).isEqualTo(2);
        }
    }

    @Test
    void streamWithoutDetailsEndsWithText() {
        try (SimulatedServer server = Simulator.start(SimulatorConfig.defaults())) {
            HttpResponse<String> response = new TestClient(server.baseUrl())
                    .post("/generate_stream", body(3, false));

            List<JsonNode> events = events(response.body());
            assertThat(events).hasSize(3);
            assertThat(events.get(2).path("generated_text").isTextual()).isTrue();
            assertThat(events.get(2).path("details").isNull()).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/generate", "/generate_stream"})
    void missingMaxNewTokensIs422(String path) {
        try (SimulatedServer server = Simulator.start(SimulatorConfig.defaults())) {
            HttpResponse<String> response = new TestClient(server.baseUrl())
                    .post(path, "{\"inputs\":\"hello\",\"parameters\":{\"details\":true}}");

            JsonNode body = TestClient.json(response.body());
            assertThat(response.statusCode()).isEqualTo(422);
            assertThat(response.headers().firstValue("content-type"))
                    .hasValue("application/json");
            assertThat(body.path("error_type").asText()).isEqualTo("validation");
            assertThat(body.path("error").asText())
                    .isEqualTo("Input validation error: `max_new_tokens` is missing");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"-3", "2.5", "\"ten\"", "{}"})
    void invalidMaxNewTokensIs422(String value) {
        try (SimulatedServer server = Simulator.start(SimulatorConfig.defaults())) {
            HttpResponse<String> response = new TestClient(server.baseUrl()).post("/generate",
                    "{\"inputs\":\"hello\",\"parameters\":{\"max_new_tokens\":" + value + "}}");

            JsonNode body = TestClient.json(response.body());
            assertThat(response.statusCode()).isEqualTo(422);
            assertThat(body.path("error_type").asText()).isEqualTo("validation");
            assertThat(body.path("error").asText()).startsWith(
                    "Input validation error: `max_new_tokens` must be an integer");
        }
    }

    @Test
    void zeroMaxNewTokensIs422() {
        try (SimulatedServer server = Simulator.start(SimulatorConfig.defaults())) {
            HttpResponse<String> response = new TestClient(server.baseUrl())
                    .post("/generate", body(0, true));

            assertThat(response.statusCode()).isEqualTo(422);
            assertThat(response.body()).isEqualTo("{\"error\":\"Input validation error:"
                    + " `max_new_tokens` must be strictly positive\","
                    + "\"error_type\":\"validation\"}");
        }
    }

    @Test
    void zeroMaxNewTokensInStreamIsEvent() {
        try (SimulatedServer server = Simulator.start(SimulatorConfig.defaults())) {
            HttpResponse<String> response = new TestClient(server.baseUrl())
                    .post("/generate_stream", body(0, true));

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("data:{\"error\":\"Input validation error:"
                    + " `max_new_tokens` must be strictly positive\","
                    + "\"error_type\":\"validation\"}\n\n");
        }
    }

    @Test
    void requestBeyondLimitIsOverloaded() throws InterruptedException {
        SimulatorConfig config = SimulatorConfig.builder().maxConcurrentRequests(1)
                .baseStepMillis(20).build();
        try (SimulatedServer server = Simulator.start(config)) {
            TestClient client = new TestClient(server.baseUrl());
            CompletableFuture<HttpResponse<String>> first =
                    client.postAsync("/generate", body(25, true));
            awaitActiveCount(server.scheduler(), 1);

            HttpResponse<String> rejected = client.post("/generate", body(3, true));
            HttpResponse<String> rejectedStream = client.post("/generate_stream", body(3, true));
            HttpResponse<String> finished = TestClient.await(first);
            HttpResponse<String> after = client.post("/generate", body(3, true));

            assertThat(rejected.statusCode()).isEqualTo(429);
            assertThat(rejected.body()).isEqualTo(OVERLOADED);
            assertThat(rejectedStream.statusCode()).isEqualTo(200);
            assertThat(rejectedStream.headers().firstValue("content-type"))
                    .hasValue("text/event-stream");
            assertThat(rejectedStream.body()).isEqualTo("data:" + OVERLOADED + "\n\n");
            assertThat(finished.statusCode()).isEqualTo(200);
            assertThat(after.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void streamHoldsPermitUntilItEnds() throws InterruptedException {
        SimulatorConfig config = SimulatorConfig.builder().maxConcurrentRequests(1)
                .baseStepMillis(20).build();
        try (SimulatedServer server = Simulator.start(config)) {
            TestClient client = new TestClient(server.baseUrl());
            CompletableFuture<HttpResponse<String>> stream =
                    client.postAsync("/generate_stream", body(25, true));
            awaitActiveCount(server.scheduler(), 1);

            HttpResponse<String> rejected = client.post("/generate", body(3, true));
            HttpResponse<String> finished = TestClient.await(stream);

            assertThat(rejected.statusCode()).isEqualTo(429);
            assertThat(events(finished.body())).hasSize(25);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/generate", "/generate_stream"})
    void disconnectReleasesPermit(String path) throws IOException, InterruptedException {
        SimulatorConfig config = SimulatorConfig.builder().maxConcurrentRequests(1).build();
        try (SimulatedServer server = Simulator.start(config)) {
            BatchScheduler scheduler = server.scheduler();
            byte[] body = body(30_000, true).getBytes(StandardCharsets.UTF_8);

            try (Socket socket = new Socket("127.0.0.1", server.port())) {
                OutputStream out = socket.getOutputStream();
                out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Content-Type: application/json\r\nContent-Length: " + body.length
                        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
                awaitActiveCount(scheduler, 1);
            }
            awaitActiveCount(scheduler, 0);
            int status = awaitStatus(new TestClient(server.baseUrl()), 200);

            assertThat(status).isEqualTo(200);
        }
    }

    private static String body(int maxNewTokens, boolean details) {
        return "{\"inputs\":\"hello world\",\"parameters\":{\"max_new_tokens\":" + maxNewTokens
                + ",\"temperature\":0.7,\"details\":" + details + "}}";
    }

    /** Returns the JSON payloads of a TGI event stream, whose lines start with {@code data:}. */
    private static List<JsonNode> events(String body) {
        List<JsonNode> events = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (line.startsWith("data:")) {
                events.add(TestClient.json(line.substring("data:".length())));
            }
        }
        return events;
    }

    private static void awaitActiveCount(BatchScheduler scheduler, int expected)
            throws InterruptedException {
        long deadline = System.nanoTime() + TestClient.TIMEOUT.toNanos();
        while (scheduler.activeCount() != expected && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(scheduler.activeCount()).as("active sequences").isEqualTo(expected);
    }

    /**
     * Sends short requests until one gets the expected status or the time limit passes,
     * because the server releases a permit just after it frees the slot.
     */
    private static int awaitStatus(TestClient client, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TestClient.TIMEOUT.toNanos();
        int status = client.post("/generate", body(1, false)).statusCode();
        while (status != expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
            status = client.post("/generate", body(1, false)).statusCode();
        }
        return status;
    }
}
