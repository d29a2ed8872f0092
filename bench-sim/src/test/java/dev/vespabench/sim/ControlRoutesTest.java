package dev.vespabench.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ControlRoutesTest {

    private SimulatedServer server;
    private TestClient client;

    @BeforeEach
    void startServer() {
        server = Simulator.start(SimulatorConfig.builder()
                .slots(32).baseStepMillis(5.0).perSequenceStepMillis(0.5).build());
        client = new TestClient(server.baseUrl());
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void healthReturnsOk() {
        assertThat(client.get("/health").statusCode()).isEqualTo(200);
    }

    @Test
    void analyticReportsModelFigures() {
        HttpResponse<String> response = client.get("/sim/analytic?concurrency=10");

        JsonNode body = TestClient.json(response.body());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(body.path("concurrency").asInt()).isEqualTo(10);
        // 10 tokens per step of 5 + 0.5*10 ms, and at capacity 32 tokens per 5 + 0.5*32 ms.
        assertThat(body.path("tokens_per_second").asDouble()).isCloseTo(1000.0, within(1e-9));
        assertThat(body.path("capacity_tokens_per_second").asDouble())
                .isCloseTo(32_000.0 / 21.0, within(1e-9));
        assertThat(body.path("slots").asInt()).isEqualTo(32);
        assertThat(body.path("base_step_ms").asDouble()).isEqualTo(5.0);
        assertThat(body.path("per_sequence_step_ms").asDouble()).isEqualTo(0.5);
        assertThat(body.path("tokens_per_second").asDouble())
                .isEqualTo(server.analyticThroughput(10));
        // 10 requests fit in the 32 slots, so the burst keeps them all busy to the end.
        assertThat(body.path("burst_tokens_per_second").asDouble())
                .isCloseTo(1000.0, within(1e-6));
        assertThat(body.has("burst_ms")).isFalse();
    }

    @Test
    void analyticReportsBurstInWaves() {
        HttpResponse<String> response = client.get("/sim/analytic?concurrency=40&max_tokens=100");

        JsonNode body = TestClient.json(response.body());
        assertThat(response.statusCode()).isEqualTo(200);
        // A wave of 32 in steps of 5 + 0.5*32 = 21 ms, then 8 in steps of 9 ms: 30 ms a token.
        assertThat(body.path("burst_tokens_per_second").asDouble())
                .isCloseTo(40_000.0 / 30.0, within(1e-6));
        assertThat(body.path("tokens_per_second").asDouble())
                .isCloseTo(32_000.0 / 21.0, within(1e-9));
        assertThat(body.path("max_tokens").asInt()).isEqualTo(100);
        assertThat(body.path("burst_ms").asDouble()).isCloseTo(3000.0, within(1e-6));
        assertThat(body.path("burst_tokens_per_second").asDouble())
                .isEqualTo(server.analyticBurstThroughput(40));
        assertThat(server.analyticBurstDuration(40, 100)).hasMillis(3000);
    }

    @Test
    void burstMakespanAppliesOutputCap() {
        try (SimulatedServer capped = Simulator.start(SimulatorConfig.builder()
                .slots(32).baseStepMillis(5.0).perSequenceStepMillis(0.5)
                .maxOutputTokens(50).build())) {
            HttpResponse<String> response = new TestClient(capped.baseUrl())
                    .get("/sim/analytic?concurrency=40&max_tokens=100");

            JsonNode body = TestClient.json(response.body());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(body.path("burst_ms").asDouble()).isCloseTo(1500.0, within(1e-6));
            assertThat(capped.analyticBurstDuration(40, 100)).hasMillis(1500);
            assertThat(capped.analyticBurstDuration(40, 20)).hasMillis(600);
        }
    }

    @ParameterizedTest
    @CsvSource({
        "'', concurrency",
        "?concurrency=0, concurrency",
        "?concurrency=ten, concurrency",
        "?concurrency=-3, concurrency",
        "?concurrency=4&max_tokens=0, max_tokens",
        "?concurrency=4&max_tokens=many, max_tokens",
    })
    void analyticRejectsInvalidParameters(String query, String parameter) {
        HttpResponse<String> response = client.get("/sim/analytic" + query);

        JsonNode error = TestClient.json(response.body()).path("error");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(error.path("type").asText()).isEqualTo("BadRequestError");
        assertThat(error.path("message").asText()).contains(parameter);
    }
}
