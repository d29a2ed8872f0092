package dev.vespabench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vespabench.core.BenchmarkResult;
import dev.vespabench.sim.SimulatedServer;
import dev.vespabench.sim.Simulator;
import dev.vespabench.sim.SimulatorConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JsonOutputTest {

    private static SimulatedServer server;

    @TempDir
    Path dir;

    @BeforeAll
    static void startSimulator() {
        server = Simulator.start(SimulatorConfig.builder().baseStepMillis(1.0)
                .perSequenceStepMillis(0.05).maxOutputTokens(30).build());
    }

    @AfterAll
    static void stopSimulator() {
        server.close();
    }

    @Test
    void measuredDocumentMatchesSchema() throws Exception {
        Path file = dir.resolve("result.json");

        CliRunner.Result result = CliRunner.run(Map.of(), "run", "openai-chat", "--url",
                server.baseUrl(), "--runs", "2", "-c", "3", "--no-cache", "--json",
                "--output", file.toString(), "-q");

        assertThat(result.status()).as(result.err()).isZero();
        assertThat(SchemaValidator.errors(result.out())).isEmpty();
        assertThat(Files.readString(file)).isEqualTo(result.out());
        JsonNode json = new ObjectMapper().readTree(result.out());
        assertThat(json.get("fallback").asBoolean()).isFalse();
        assertThat(json.get("settings").get("runs").asInt()).isEqualTo(2);
        assertThat(json.get("settings").get("concurrency").asInt()).isEqualTo(3);
        assertThat(json.get("selected_run").asInt()).isBetween(1, 2);
        assertThat(json.get("runs")).hasSize(2);
        assertThat(json.get("runs").get(0).get("latency_ms").get("p95").asDouble()).isPositive();
    }

    @Test
    void outputFileIsWrittenBesideSummary() throws Exception {
        Path file = dir.resolve("result.json");
        Files.writeString(file, "old content that is longer than nothing");

        CliRunner.Result result = CliRunner.run(Map.of(), "run", "openai", "--url",
                server.baseUrl(), "--runs", "1", "-c", "2", "--no-cache", "--output",
                file.toString(), "-q");

        assertThat(result.status()).as(result.err()).isZero();
        assertThat(result.out()).contains("result    ", "workload/s");
        assertThat(SchemaValidator.errors(Files.readString(file))).isEmpty();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).as("no temporary file is left").containsExactly(file);
        }
    }

    @Test
    void cachedDocumentMatchesSchema() throws Exception {
        Path cache = dir.resolve("cache");
        Files.writeString(cache, "88.5\n");
        Path file = dir.resolve("cached.json");

        CliRunner.Result result = CliRunner.run(Map.of(), "run", "openai", "--url",
                server.baseUrl(), "--cache-file", cache.toString(), "--json", "--output",
                file.toString());

        assertThat(result.status()).as(result.err()).isZero();
        assertThat(SchemaValidator.errors(result.out())).isEmpty();
        assertThat(new ObjectMapper().readTree(Files.readString(file)).get("status").asText())
                .isEqualTo("cached");
    }

    @Test
    void fallbackDocumentMatchesSchema() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }

        CliRunner.Result result = CliRunner.run(Map.of(), "run", "openai", "--url",
                "http://127.0.0.1:" + port, "--startup-timeout", "0.3", "--no-cache", "--json",
                "-q");

        assertThat(result.status()).isEqualTo(ExitCodes.FALLBACK);
        assertThat(SchemaValidator.errors(result.out())).isEmpty();
        JsonNode json = new ObjectMapper().readTree(result.out());
        assertThat(json.get("fallback").asBoolean()).isTrue();
        assertThat(json.get("selected_run").isNull()).isTrue();
        assertThat(json.get("reason").asText()).contains("did not answer");
    }

    @ParameterizedTest
    @MethodSource("samples")
    void sampleResultsMatchSchema(String name, BenchmarkResult result) {
        String json = ResultDocument.text(ResultDocument.of(result, SampleResults.context()));

        assertThat(SchemaValidator.errors(json)).as(name).isEmpty();
    }

    @Test
    void schemaRejectsInconsistentDocuments() {
        ObjectNode missingValue = ResultDocument.of(SampleResults.capacitySearch(),
                SampleResults.context());
        missingValue.remove("value");
        ObjectNode measuredFallback = ResultDocument.of(SampleResults.capacitySearch(),
                SampleResults.context());
        measuredFallback.put("fallback", true);
        ObjectNode undocumented = ResultDocument.of(SampleResults.capacitySearch(),
                SampleResults.context());
        undocumented.put("surprise", 1);

        assertThat(SchemaValidator.errors(ResultDocument.text(missingValue))).isNotEmpty();
        assertThat(SchemaValidator.errors(ResultDocument.text(measuredFallback))).isNotEmpty();
        assertThat(SchemaValidator.errors(ResultDocument.text(undocumented))).isNotEmpty();
    }

    @Test
    void missingOutputDirectoryIsUsageError() {
        Path file = dir.resolve("absent").resolve("result.json");

        CliRunner.Result result = CliRunner.run(Map.of(), "run", "openai", "--url",
                server.baseUrl(), "--no-cache", "--output", file.toString());

        assertThat(result.status()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("invalid --output", "not found");
    }

    static Stream<Arguments> samples() {
        return Stream.of(
                Arguments.of("capacity", SampleResults.capacitySearch()),
                Arguments.of("open loop", SampleResults.openLoop()),
                Arguments.of("fallback", SampleResults.fallback()));
    }
}
