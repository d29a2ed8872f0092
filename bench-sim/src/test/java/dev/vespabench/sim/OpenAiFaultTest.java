package dev.vespabench.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class OpenAiFaultTest {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);
    private static final int TOKENS = 20;

    private static SimulatedServer start(FaultConfig faults) {
        return Simulator.start(SimulatorConfig.builder().baseStepMillis(2).faults(faults).build());
    }

    private static FaultConfig always(Fault fault) {
        return FaultConfig.builder().rate(fault, 1.0).retryAfterSeconds(3).build();
    }

    @ParameterizedTest
    @CsvSource({
        "SERVER_ERROR, 500, InternalServerError, false",
        "RATE_LIMITED, 429, RateLimitError, true",
        "UNAVAILABLE, 503, ServiceUnavailableError, true",
    })
    void statusFaultSendsErrorBeforeSlot(Fault fault, int status, String type,
            boolean retryAfter) throws IOException {
        try (SimulatedServer server = start(always(fault))) {
            RawClient.Reply reply = RawClient.post(server.port(), "/v1/completions",
                    TestClient.completionBody(TOKENS, false, true), READ_TIMEOUT);

            JsonNode error = TestClient.json(reply.text()).path("error");
            assertThat(reply.status()).isEqualTo(status);
            assertThat(reply.headers()).containsEntry("content-type", "application/json");
            assertThat(error.path("type").asText()).isEqualTo(type);
            assertThat(error.path("code").asInt()).isEqualTo(status);
            assertThat(error.path("message").asText()).contains(fault.key());
            if (retryAfter) {
                assertThat(reply.headers()).containsEntry("retry-after", "3");
            } else {
                assertThat(reply.headers()).doesNotContainKey("retry-after");
            }
            assertThat(server.injectedFaults()).containsEntry(fault, 1L);
            assertThat(server.scheduler().tokensProduced()).isZero();
        }
    }

    @Test
    void resetCutsWholeBody() throws IOException {
        try (SimulatedServer server = start(always(Fault.CONNECTION_RESET))) {
            RawClient.Reply reply = RawClient.post(server.port(), "/v1/completions",
                    TestClient.completionBody(TOKENS, false, true), READ_TIMEOUT);

            int promised = Integer.parseInt(reply.headers().get("content-length"));
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.body().length).isPositive().isLessThan(promised);
            assertThat(reply.complete()).isFalse();
            assertThat(reply.ending()).isEqualTo(RawClient.Ending.RESET);
            assertThat(server.injectedFaults()).containsEntry(Fault.CONNECTION_RESET, 1L);
            // A whole response is generated in full before the reset.
            assertThat(server.scheduler().tokensProduced()).isEqualTo(TOKENS);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v1/completions", "/v1/chat/completions"})
    void resetCutsStreamAndFreesSlot(String path) throws IOException, InterruptedException {
        try (SimulatedServer server = start(always(Fault.CONNECTION_RESET))) {
            RawClient.Reply reply = RawClient.post(server.port(), path, body(path, true),
                    READ_TIMEOUT);

            List<JsonNode> events = TestClient.events(reply.text());
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.complete()).isFalse();
            assertThat(reply.ending()).isEqualTo(RawClient.Ending.RESET);
            assertThat(reply.text()).doesNotContain("[DONE]", "usage");
            assertThat(events).isNotEmpty().hasSizeLessThan(TOKENS);
            assertThat(server.injectedFaults()).containsEntry(Fault.CONNECTION_RESET, 1L);
            awaitIdle(server);
            assertThat(server.scheduler().tokensProduced()).isLessThan(TOKENS);
        }
    }

    @Test
    void truncatedJsonBodyIsHalfOfResponse() throws IOException {
        try (SimulatedServer server = start(always(Fault.TRUNCATED_JSON))) {
            RawClient.Reply reply = RawClient.post(server.port(), "/v1/completions",
                    TestClient.completionBody(TOKENS, false, true), READ_TIMEOUT);

            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.complete()).isTrue();
            assertThat(reply.text()).startsWith("{\"id\":\"cmpl-");
            assertThatThrownBy(() -> TestClient.json(reply.text()))
                    .hasMessageContaining("not JSON");
            assertThat(server.injectedFaults()).containsEntry(Fault.TRUNCATED_JSON, 1L);
        }
    }

    @Test
    void truncatedJsonStreamHasOneBrokenEvent() throws IOException, InterruptedException {
        try (SimulatedServer server = start(always(Fault.TRUNCATED_JSON))) {
            RawClient.Reply reply = RawClient.post(server.port(), "/v1/completions",
                    TestClient.completionBody(TOKENS, true, true), READ_TIMEOUT);

            long broken = reply.text().lines()
                    .filter(line -> line.startsWith("data: {") && !line.endsWith("}"))
                    .count();
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.complete()).isTrue();
            assertThat(broken).isEqualTo(1);
            assertThat(server.injectedFaults()).containsEntry(Fault.TRUNCATED_JSON, 1L);
            awaitIdle(server);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v1/completions", "/v1/chat/completions"})
    void truncatedStreamEndsCleanlyWithoutDone(String path)
            throws IOException, InterruptedException {
        try (SimulatedServer server = start(always(Fault.TRUNCATED_STREAM))) {
            RawClient.Reply reply = RawClient.post(server.port(), path, body(path, true),
                    READ_TIMEOUT);

            List<JsonNode> events = TestClient.events(reply.text());
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.complete()).isTrue();
            assertThat(reply.ending()).isEqualTo(RawClient.Ending.EOF);
            assertThat(reply.headers()).containsEntry("connection", "close");
            assertThat(reply.text()).doesNotContain("[DONE]", "usage", "\"finish_reason\":\"");
            assertThat(events).isNotEmpty().hasSizeLessThan(TOKENS);
            assertThat(server.injectedFaults()).containsEntry(Fault.TRUNCATED_STREAM, 1L);
            awaitIdle(server);
            assertThat(server.scheduler().tokensProduced()).isLessThan(TOKENS);
        }
    }

    @Test
    void truncatedStreamSparesWholeResponses() throws IOException {
        try (SimulatedServer server = start(always(Fault.TRUNCATED_STREAM))) {
            RawClient.Reply reply = RawClient.post(server.port(), "/v1/completions",
                    TestClient.completionBody(TOKENS, false, true), READ_TIMEOUT);

            assertThat(reply.status()).isEqualTo(200);
            assertThat(TestClient.json(reply.text()).path("usage").path("completion_tokens")
                    .asInt()).isEqualTo(TOKENS);
            assertThat(server.injectedFaults()).containsEntry(Fault.TRUNCATED_STREAM, 0L);
        }
    }

    @Test
    void hangHoldsConnectionUntilClientCloses() throws IOException, InterruptedException {
        try (SimulatedServer server = start(always(Fault.HANG))) {
            try (Socket socket = send(server.port(), "/v1/completions",
                    TestClient.completionBody(TOKENS, false, true))) {
                socket.setSoTimeout(300);
                InputStream in = socket.getInputStream();

                assertThatThrownBy(in::read).isInstanceOf(SocketTimeoutException.class);
                awaitTrue(() -> server.openHangs() == 1, "one hung request is held");
            }

            awaitTrue(() -> server.openHangs() == 0, "the hung request is released");
            assertThat(server.injectedFaults()).containsEntry(Fault.HANG, 1L);
            assertThat(server.scheduler().tokensProduced()).isZero();
            assertThat(server.scheduler().queuedCount()).isZero();
        }
    }

    @Test
    void closeReleasesHungRequests() throws IOException, InterruptedException {
        SimulatedServer server = start(always(Fault.HANG));
        try (Socket socket = send(server.port(), "/v1/chat/completions",
                TestClient.chatBody(TOKENS, true, true))) {
            socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
            awaitTrue(() -> server.openHangs() == 1, "one hung request is held");

            long start = System.nanoTime();
            server.close();
            long closeMillis = (System.nanoTime() - start) / 1_000_000;

            assertThat(socket.getInputStream().read()).isEqualTo(-1);
            assertThat(closeMillis).isLessThan(2_000);
            assertThat(server.openHangs()).isZero();
        } finally {
            server.close();
        }
    }

    @Test
    void slowStartDelaysFirstRequestsOnly() {
        FaultConfig faults = FaultConfig.builder().slowStart(2, Duration.ofMillis(400)).build();
        try (SimulatedServer server = start(faults)) {
            TestClient client = new TestClient(server.baseUrl());
            String body = TestClient.completionBody(1, false, true);

            long first = timeMillis(() -> client.post("/v1/completions", body));
            long second = timeMillis(() -> client.post("/v1/completions", body));
            long third = timeMillis(() -> client.post("/v1/completions", body));

            assertThat(first).isGreaterThanOrEqualTo(400);
            assertThat(second).isGreaterThanOrEqualTo(400);
            assertThat(third).isLessThan(400);
            assertThat(server.injectedFaults()).containsEntry(Fault.SLOW_START, 2L);
        }
    }

    @Test
    void startupPeriodAnswers503Everywhere() throws InterruptedException {
        FaultConfig faults = FaultConfig.builder().startupPeriod(Duration.ofMillis(1_500))
                .retryAfterSeconds(2).build();
        try (SimulatedServer server = start(faults)) {
            TestClient client = new TestClient(server.baseUrl());

            var health = client.get("/health");
            var models = client.get("/v1/models");
            var completion = client.post("/v1/completions",
                    TestClient.completionBody(1, false, true));
            var generate = client.post("/generate",
                    "{\"inputs\":\"hi\",\"parameters\":{\"max_new_tokens\":1}}");
            var control = client.get("/sim/faults");

            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(health.headers().firstValue("retry-after")).hasValue("2");
            assertThat(models.statusCode()).isEqualTo(503);
            assertThat(completion.statusCode()).isEqualTo(503);
            assertThat(TestClient.json(completion.body()).path("error").path("type").asText())
                    .isEqualTo("ServiceUnavailableError");
            assertThat(generate.statusCode()).isEqualTo(503);
            assertThat(TestClient.json(generate.body()).path("error_type").asText())
                    .isEqualTo("unavailable");
            assertThat(control.statusCode()).isEqualTo(200);
            assertThat(server.injectedFaults()).containsEntry(Fault.STARTUP_UNAVAILABLE, 4L);

            awaitTrue(() -> client.get("/health").statusCode() == 200, "health answers 200");
            assertThat(client.post("/v1/completions", TestClient.completionBody(1, false, true))
                    .statusCode()).isEqualTo(200);
        }
    }

    @Test
    void sameSeedInjectsSameFaults() {
        FaultConfig faults = FaultConfig.builder().seed(7)
                .rate(Fault.SERVER_ERROR, 0.2).rate(Fault.RATE_LIMITED, 0.2)
                .rate(Fault.UNAVAILABLE, 0.2).build();

        Map<Fault, Long> first = statusCountsOf(faults, 40);
        Map<Fault, Long> second = statusCountsOf(faults, 40);

        assertThat(first).isEqualTo(second);
        assertThat(first.values().stream().mapToLong(Long::longValue).sum()).isBetween(12L, 36L);
    }

    @Test
    void countsEndpointMatchesResponses() {
        FaultConfig faults = FaultConfig.builder().seed(3)
                .rate(Fault.SERVER_ERROR, 0.3).rate(Fault.UNAVAILABLE, 0.3).build();
        try (SimulatedServer server = start(faults)) {
            TestClient client = new TestClient(server.baseUrl());
            int errors = 0;
            int unavailable = 0;
            for (int i = 0; i < 30; i++) {
                int status = client.post("/v1/completions",
                        TestClient.completionBody(1, false, true)).statusCode();
                errors += status == 500 ? 1 : 0;
                unavailable += status == 503 ? 1 : 0;
            }

            JsonNode counts = TestClient.json(client.get("/sim/faults").body());
            assertThat(server.generationRequests()).isEqualTo(30);
            assertThat(counts.path("requests").asLong()).isEqualTo(30);
            assertThat(counts.path("injected").path("server-error").asLong()).isEqualTo(errors);
            assertThat(counts.path("injected").path("unavailable").asLong())
                    .isEqualTo(unavailable);
            assertThat(counts.path("injected").path("hang").asLong()).isZero();
            assertThat(counts.path("open_hangs").asInt()).isZero();
            assertThat(server.injectedFaults()).containsEntry(Fault.SERVER_ERROR, (long) errors);
        }
    }

    private static Map<Fault, Long> statusCountsOf(FaultConfig faults, int requests) {
        try (SimulatedServer server = start(faults)) {
            TestClient client = new TestClient(server.baseUrl());
            for (int i = 0; i < requests; i++) {
                client.post("/v1/completions", TestClient.completionBody(1, false, true));
            }
            return server.injectedFaults();
        }
    }

    private static String body(String path, boolean stream) {
        return path.equals("/v1/completions")
                ? TestClient.completionBody(TOKENS, stream, true)
                : TestClient.chatBody(TOKENS, stream, true);
    }

    /** Opens a socket and sends a request without reading the answer. */
    static Socket send(int port, String path, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        Socket socket = new Socket("127.0.0.1", port);
        OutputStream out = socket.getOutputStream();
        out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + body.length
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        return socket;
    }

    /** Waits until no sequence is active or queued, as after every fault. */
    static void awaitIdle(SimulatedServer server) throws InterruptedException {
        awaitTrue(() -> server.scheduler().activeCount() == 0
                && server.scheduler().queuedCount() == 0, "the scheduler is idle");
    }

    static void awaitTrue(BooleanSupplier condition, String description)
            throws InterruptedException {
        long deadline = System.nanoTime() + TestClient.TIMEOUT.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(condition.getAsBoolean()).as(description).isTrue();
    }

    private static long timeMillis(Runnable action) {
        long start = System.nanoTime();
        action.run();
        return (System.nanoTime() - start) / 1_000_000;
    }
}
