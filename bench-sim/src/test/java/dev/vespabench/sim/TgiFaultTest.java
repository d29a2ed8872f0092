package dev.vespabench.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TgiFaultTest {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);
    private static final int TOKENS = 20;
    private static final String BODY = "{\"inputs\":\"hello world\",\"parameters\":"
            + "{\"max_new_tokens\":" + TOKENS + ",\"details\":true}}";

    private static SimulatedServer start(Fault fault) {
        FaultConfig faults = FaultConfig.builder().rate(fault, 1.0).retryAfterSeconds(4).build();
        return Simulator.start(SimulatorConfig.builder().baseStepMillis(2).faults(faults).build());
    }

    @ParameterizedTest
    @CsvSource({
        "SERVER_ERROR, /generate, 500, incomplete_generation",
        "SERVER_ERROR, /generate_stream, 500, incomplete_generation",
        "RATE_LIMITED, /generate, 429, overloaded",
        "RATE_LIMITED, /generate_stream, 429, overloaded",
        "UNAVAILABLE, /generate, 503, unavailable",
        "UNAVAILABLE, /generate_stream, 503, unavailable",
    })
    void statusFaultUsesTgiErrorShape(Fault fault, String path, int status, String type)
            throws IOException {
        try (SimulatedServer server = start(fault)) {
            RawClient.Reply reply = RawClient.post(server.port(), path, BODY, READ_TIMEOUT);

            JsonNode body = TestClient.json(reply.text());
            assertThat(reply.status()).isEqualTo(status);
            assertThat(body.path("error_type").asText()).isEqualTo(type);
            assertThat(body.path("error").asText()).contains(fault.key());
            assertThat(reply.headers().containsKey("retry-after")).isEqualTo(status != 500);
            assertThat(server.injectedFaults()).containsEntry(fault, 1L);
            assertThat(server.scheduler().tokensProduced()).isZero();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/generate", "/generate_stream"})
    void resetCutsResponse(String path) throws IOException, InterruptedException {
        try (SimulatedServer server = start(Fault.CONNECTION_RESET)) {
            RawClient.Reply reply = RawClient.post(server.port(), path, BODY, READ_TIMEOUT);

            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.complete()).isFalse();
            assertThat(reply.ending()).isEqualTo(RawClient.Ending.RESET);
            assertThat(server.injectedFaults()).containsEntry(Fault.CONNECTION_RESET, 1L);
            OpenAiFaultTest.awaitIdle(server);
        }
    }

    @Test
    void truncatedJsonBodyIsInvalid() throws IOException {
        try (SimulatedServer server = start(Fault.TRUNCATED_JSON)) {
            RawClient.Reply reply = RawClient.post(server.port(), "/generate", BODY,
                    READ_TIMEOUT);

            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.complete()).isTrue();
            assertThat(reply.text()).startsWith("{\"generated_text\":");
            assertThatThrownBy(() -> TestClient.json(reply.text()))
                    .hasMessageContaining("not JSON");
        }
    }

    @Test
    void truncatedJsonStreamHasOneBrokenEvent() throws IOException, InterruptedException {
        try (SimulatedServer server = start(Fault.TRUNCATED_JSON)) {
            RawClient.Reply reply = RawClient.post(server.port(), "/generate_stream", BODY,
                    READ_TIMEOUT);

            long broken = reply.text().lines()
                    .filter(line -> line.startsWith("data:{") && !line.endsWith("}"))
                    .count();
            assertThat(reply.status()).isEqualTo(200);
            assertThat(broken).isEqualTo(1);
            assertThat(server.injectedFaults()).containsEntry(Fault.TRUNCATED_JSON, 1L);
            OpenAiFaultTest.awaitIdle(server);
        }
    }

    @Test
    void truncatedStreamLacksFinalEvent() throws IOException, InterruptedException {
        try (SimulatedServer server = start(Fault.TRUNCATED_STREAM)) {
            RawClient.Reply reply = RawClient.post(server.port(), "/generate_stream", BODY,
                    READ_TIMEOUT);

            long events = reply.text().lines().filter(line -> line.startsWith("data:")).count();
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.complete()).isTrue();
            assertThat(reply.ending()).isEqualTo(RawClient.Ending.EOF);
            assertThat(reply.text()).doesNotContain("\"generated_text\":\"", "generated_tokens");
            assertThat(events).isPositive().isLessThan(TOKENS);
            assertThat(server.injectedFaults()).containsEntry(Fault.TRUNCATED_STREAM, 1L);
            OpenAiFaultTest.awaitIdle(server);
            assertThat(server.scheduler().tokensProduced()).isLessThan(TOKENS);
        }
    }

    @Test
    void hangTakesNoPermit() throws IOException, InterruptedException {
        FaultConfig faults = FaultConfig.builder().rate(Fault.HANG, 1.0).build();
        SimulatorConfig config = SimulatorConfig.builder().maxConcurrentRequests(1)
                .faults(faults).build();
        try (SimulatedServer server = Simulator.start(config);
                Socket first = OpenAiFaultTest.send(server.port(), "/generate", BODY);
                Socket second = OpenAiFaultTest.send(server.port(), "/generate_stream", BODY)) {
            first.setSoTimeout(300);
            InputStream in = first.getInputStream();

            assertThatThrownBy(in::read).isInstanceOf(SocketTimeoutException.class);
            OpenAiFaultTest.awaitTrue(() -> server.openHangs() == 2, "two requests are held");
            assertThat(server.injectedFaults()).containsEntry(Fault.HANG, 2L);
        }
    }
}
