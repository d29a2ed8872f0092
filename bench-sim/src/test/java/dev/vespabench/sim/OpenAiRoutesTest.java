package dev.vespabench.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OpenAiRoutesTest {

    private SimulatedServer server;
    private TestClient client;

    @BeforeEach
    void startServer() {
        server = Simulator.start(SimulatorConfig.defaults());
        client = new TestClient(server.baseUrl());
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void modelsListsServedModel() {
        HttpResponse<String> response = client.get("/v1/models");

        JsonNode body = TestClient.json(response.body());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(body.path("object").asText()).isEqualTo("list");
        assertThat(body.path("data")).hasSize(1);
        assertThat(body.path("data").path(0).path("id").asText()).isEqualTo("sim-model");
        assertThat(body.path("data").path(0).path("object").asText()).isEqualTo("model");
    }

    @Test
    void completionReportsTextAndUsage() {
        HttpResponse<String> response =
                client.post("/v1/completions", TestClient.completionBody(12, false, false));

        JsonNode body = TestClient.json(response.body());
        JsonNode choice = body.path("choices").path(0);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(body.path("id").asText()).startsWith("cmpl-");
        assertThat(body.path("object").asText()).isEqualTo("text_completion");
        assertThat(body.path("model").asText()).isEqualTo("sim-model");
        assertThat(FillerText.countWords(choice.path("text").asText())).isEqualTo(12);
        assertThat(choice.path("finish_reason").asText()).isEqualTo("length");
        assertThat(body.path("usage").path("completion_tokens").asInt()).isEqualTo(12);
        assertThat(body.path("usage").path("prompt_tokens").asInt()).isEqualTo(6);
        assertThat(body.path("usage").path("total_tokens").asInt()).isEqualTo(18);
    }

    @Test
    void chatCompletionReportsAssistantMessage() {
        HttpResponse<String> response =
                client.post("/v1/chat/completions", TestClient.chatBody(9, false, false));

        JsonNode body = TestClient.json(response.body());
        JsonNode choice = body.path("choices").path(0);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(body.path("id").asText()).startsWith("chatcmpl-");
        assertThat(body.path("object").asText()).isEqualTo("chat.completion");
        assertThat(choice.path("message").path("role").asText()).isEqualTo("assistant");
        assertThat(FillerText.countWords(choice.path("message").path("content").asText()))
                .isEqualTo(9);
        assertThat(choice.path("finish_reason").asText()).isEqualTo("length");
        assertThat(body.path("usage").path("completion_tokens").asInt()).isEqualTo(9);
        assertThat(body.path("usage").path("prompt_tokens").asInt()).isEqualTo(7);
    }

    @Test
    void absentModelAndMaxTokensTakeDefaults() {
        HttpResponse<String> response = client.post("/v1/completions", "{\"prompt\":\"hello\"}");

        JsonNode body = TestClient.json(response.body());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(body.path("usage").path("completion_tokens").asInt()).isEqualTo(16);
    }

    @Test
    void completionStreamSendsOneChunkPerToken() {
        HttpResponse<String> response =
                client.post("/v1/completions", TestClient.completionBody(20, true, true));

        List<JsonNode> events = TestClient.events(response.body());
        List<JsonNode> tokenChunks = events.subList(0, events.size() - 1);
        JsonNode usageChunk = events.get(events.size() - 1);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type"))
                .hasValue("text/event-stream; charset=utf-8");
        assertThat(tokenChunks).hasSize(20);
        assertThat(tokenChunks).allSatisfy(chunk -> {
            assertThat(chunk.path("object").asText()).isEqualTo("text_completion");
            assertThat(chunk.path("choices").path(0).path("text").asText()).isNotBlank();
        });
        assertThat(tokenChunks.get(18).path("choices").path(0).path("finish_reason").isNull())
                .isTrue();
        assertThat(tokenChunks.get(19).path("choices").path(0).path("finish_reason").asText())
                .isEqualTo("length");
        assertThat(usageChunk.path("choices")).isEmpty();
        assertThat(usageChunk.path("usage").path("completion_tokens").asInt()).isEqualTo(20);
        assertThat(response.body()).endsWith("data: [DONE]\n\n");
    }

    @Test
    void streamWithoutIncludeUsageHasNoUsageChunk() {
        HttpResponse<String> response =
                client.post("/v1/completions", TestClient.completionBody(5, true, false));

        List<JsonNode> events = TestClient.events(response.body());
        assertThat(events).hasSize(5);
        assertThat(events).noneMatch(chunk -> chunk.has("usage"));
        assertThat(response.body()).endsWith("data: [DONE]\n\n");
    }

    @Test
    void chatStreamStartsWithRoleChunk() {
        HttpResponse<String> response =
                client.post("/v1/chat/completions", TestClient.chatBody(4, true, true));

        List<JsonNode> events = TestClient.events(response.body());
        JsonNode roleDelta = events.get(0).path("choices").path(0).path("delta");
        List<String> contents = events.subList(1, 5).stream()
                .map(chunk -> chunk.path("choices").path(0).path("delta").path("content").asText())
                .collect(Collectors.toList());
        assertThat(events).hasSize(6);
        assertThat(events.get(0).path("object").asText()).isEqualTo("chat.completion.chunk");
        assertThat(roleDelta.path("role").asText()).isEqualTo("assistant");
        assertThat(roleDelta.path("content").asText()).isEmpty();
        assertThat(contents).allSatisfy(content -> assertThat(content).isNotBlank());
        assertThat(events.get(5).path("usage").path("completion_tokens").asInt()).isEqualTo(4);
    }

    @Test
    void streamDeliversTokensAsStepsEnd() {
        List<TestClient.TimedLine> lines =
                client.postLines("/v1/completions", TestClient.completionBody(50, true, false));

        List<TestClient.TimedLine> data = lines.stream()
                .filter(line -> line.text().startsWith("data: {"))
                .collect(Collectors.toList());
        double spreadMillis = (data.get(49).nanos() - data.get(0).nanos()) / 1e6;
        // 49 steps of 4.1 ms separate the first token from the last.
        assertThat(data).hasSize(50);
        assertThat(spreadMillis).isGreaterThan(49 * 4.1 * 0.8);
    }

    @Test
    void outputCapStopsEarly() {
        try (SimulatedServer capped =
                Simulator.start(SimulatorConfig.builder().maxOutputTokens(5).build())) {
            TestClient cappedClient = new TestClient(capped.baseUrl());

            JsonNode cappedResponse = TestClient.json(cappedClient
                    .post("/v1/completions", TestClient.completionBody(20, false, false)).body());
            JsonNode withinCap = TestClient.json(cappedClient
                    .post("/v1/completions", TestClient.completionBody(3, false, false)).body());
            List<JsonNode> events = TestClient.events(cappedClient
                    .post("/v1/chat/completions", TestClient.chatBody(20, true, true)).body());

            assertThat(cappedResponse.path("usage").path("completion_tokens").asInt()).isEqualTo(5);
            assertThat(cappedResponse.path("choices").path(0).path("finish_reason").asText())
                    .isEqualTo("stop");
            assertThat(withinCap.path("usage").path("completion_tokens").asInt()).isEqualTo(3);
            assertThat(withinCap.path("choices").path(0).path("finish_reason").asText())
                    .isEqualTo("length");
            assertThat(events).hasSize(7);
            assertThat(events.get(5).path("choices").path(0).path("finish_reason").asText())
                    .isEqualTo("stop");
            assertThat(events.get(6).path("usage").path("completion_tokens").asInt())
                    .isEqualTo(5);
        }
    }

    @Test
    void disabledUsageIsOmitted() {
        try (SimulatedServer noUsage =
                Simulator.start(SimulatorConfig.builder().includeUsage(false).build())) {
            TestClient noUsageClient = new TestClient(noUsage.baseUrl());

            JsonNode whole = TestClient.json(noUsageClient
                    .post("/v1/completions", TestClient.completionBody(4, false, false)).body());
            String stream = noUsageClient
                    .post("/v1/completions", TestClient.completionBody(4, true, true)).body();

            assertThat(whole.has("usage")).isFalse();
            assertThat(whole.path("choices").path(0).path("text").asText()).isNotBlank();
            assertThat(TestClient.events(stream)).hasSize(4);
            assertThat(TestClient.events(stream)).noneMatch(chunk -> chunk.has("usage"));
            assertThat(stream).endsWith("data: [DONE]\n\n");
        }
    }

    @Test
    void unknownModelGetsNotFoundError() {
        HttpResponse<String> response =
                client.post("/v1/completions", "{\"model\":\"llama\",\"prompt\":\"hi\"}");

        JsonNode error = TestClient.json(response.body()).path("error");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(error.path("message").asText()).isEqualTo("The model `llama` does not exist.");
        assertThat(error.path("type").asText()).isEqualTo("NotFoundError");
        assertThat(error.path("param").isNull()).isTrue();
        assertThat(error.path("code").asInt()).isEqualTo(404);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"prompt\":\"hi\",\"max_tokens\":0}",
        "{\"prompt\":\"hi\",\"max_tokens\":\"many\"}",
        "{\"prompt\":\"hi\",",
        "",
    })
    void invalidRequestGetsBadRequestError(String body) {
        HttpResponse<String> response = client.post("/v1/chat/completions", body);

        JsonNode error = TestClient.json(response.body()).path("error");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(error.path("type").asText()).isEqualTo("BadRequestError");
        assertThat(error.path("code").asInt()).isEqualTo(400);
        assertThat(error.path("message").asText()).isNotBlank();
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void disconnectFreesSlot(boolean stream) throws IOException, InterruptedException {
        try (SimulatedServer oneSlot =
                Simulator.start(SimulatorConfig.builder().slots(1).build())) {
            BatchScheduler scheduler = oneSlot.scheduler();
            // A million tokens would hold the only slot for over an hour.
            byte[] body = TestClient.completionBody(1_000_000, stream, false)
                    .getBytes(StandardCharsets.UTF_8);

            try (Socket socket = new Socket("127.0.0.1", oneSlot.port())) {
                OutputStream out = socket.getOutputStream();
                out.write(("POST /v1/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Content-Type: application/json\r\nContent-Length: " + body.length
                        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
                awaitActiveCount(scheduler, 1);
            }
            awaitActiveCount(scheduler, 0);
            HttpResponse<String> next = new TestClient(oneSlot.baseUrl())
                    .post("/v1/completions", TestClient.completionBody(3, false, false));

            assertThat(next.statusCode()).isEqualTo(200);
            assertThat(scheduler.queuedCount()).isZero();
        }
    }

    private static void awaitActiveCount(BatchScheduler scheduler, int expected)
            throws InterruptedException {
        long deadline = System.nanoTime() + TestClient.TIMEOUT.toNanos();
        while (scheduler.activeCount() != expected && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(scheduler.activeCount()).as("active sequences").isEqualTo(expected);
    }
}
