package dev.vespabench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vespabench.sim.Fault;
import dev.vespabench.sim.FaultConfig;
import dev.vespabench.sim.SimulatedServer;
import dev.vespabench.sim.Simulator;
import dev.vespabench.sim.SimulatorConfig;
import org.junit.jupiter.api.Test;

/** Tests {@code --retries} and {@code --insecure} of {@code run} against the simulator. */
class RetryAndTlsOptionsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void retriesHideRateLimitedRequests() throws Exception {
        try (SimulatedServer server = rateLimitedSimulator()) {
            CliRunner.Result result = CliRunner.run(Map.of(), "run", "openai", "--url",
                    server.baseUrl(), "--runs", "2", "-c", "5", "--no-warmup", "--no-cache",
                    "--json", "--retries", "20");

            JsonNode json = JSON.readTree(result.out());
            long injected = server.injectedFaults().getOrDefault(Fault.RATE_LIMITED, 0L);
            assertThat(result.status()).as(result.err()).isZero();
            assertThat(injected).as("429 responses sent").isPositive();
            assertThat(json.get("failures").size()).as(json.toString()).isZero();
            assertThat(server.generationRequests()).isEqualTo(10 + injected);
            assertThat(json.get("settings").get("retries").asInt()).isEqualTo(20);
        }
    }

    @Test
    void noRetriesByDefault() throws Exception {
        try (SimulatedServer server = rateLimitedSimulator()) {
            CliRunner.Result result = CliRunner.run(Map.of(), "run", "openai", "--url",
                    server.baseUrl(), "--runs", "2", "-c", "5", "--no-warmup", "--no-cache",
                    "--json");

            JsonNode json = JSON.readTree(result.out());
            long injected = server.injectedFaults().getOrDefault(Fault.RATE_LIMITED, 0L);
            assertThat(injected).as("429 responses sent").isPositive();
            assertThat(json.get("failures").get("http_status:429").asLong()).isEqualTo(injected);
            assertThat(server.generationRequests()).isEqualTo(10);
            assertThat(json.get("settings").get("retries").asInt()).isZero();
        }
    }

    @Test
    void retriesOutOfRangeAreUsageErrors() {
        CliRunner.Result negative = CliRunner.run(Map.of(), "run", "openai", "--url",
                "http://127.0.0.1:1", "--retries", "-1");
        CliRunner.Result tooMany = CliRunner.run(Map.of(), "run", "openai", "--url",
                "http://127.0.0.1:1", "--retries", "101");

        assertThat(negative.status()).isEqualTo(ExitCodes.USAGE);
        assertThat(negative.err()).contains("invalid --retries -1: expected a whole number"
                + " from 0 to 100");
        assertThat(tooMany.status()).isEqualTo(ExitCodes.USAGE);
        assertThat(tooMany.err()).contains("invalid --retries 101");
    }

    @Test
    void selfSignedCertificateNeedsInsecure() throws Exception {
        try (SimulatedServer server = Simulator.start(fastConfig().build());
                Relay tls = Relay.tls(server.port())) {
            String url = "https://127.0.0.1:" + tls.port();

            CliRunner.Result verified = CliRunner.run(Map.of(), "run", "openai", "--url", url,
                    "--runs", "1", "-c", "2", "--no-cache", "--startup-timeout", "2");
            CliRunner.Result insecure = CliRunner.run(Map.of(), "run", "openai", "--url", url,
                    "--runs", "1", "-c", "2", "--no-cache", "--insecure", "--json");

            assertThat(verified.status()).as(verified.err()).isEqualTo(ExitCodes.FALLBACK);
            assertThat(verified.out()).contains("TLS handshake failed", "pass --insecure");
            assertThat(insecure.status()).as(insecure.err()).isZero();
            JsonNode json = JSON.readTree(insecure.out());
            assertThat(json.get("status").asText()).isEqualTo("measured");
            assertThat(json.get("settings").get("insecure").asBoolean()).isTrue();
        }
    }

    private static SimulatedServer rateLimitedSimulator() {
        FaultConfig faults = FaultConfig.builder().rate(Fault.RATE_LIMITED, 0.3).seed(7)
                .retryAfterSeconds(0).build();
        return Simulator.start(fastConfig().faults(faults).build());
    }

    private static SimulatorConfig.Builder fastConfig() {
        return SimulatorConfig.builder().baseStepMillis(1.0).perSequenceStepMillis(0.05)
                .maxOutputTokens(20);
    }
}
