package dev.vespabench.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vespabench.sim.ImageConfig;
import dev.vespabench.sim.SimulatedServer;
import dev.vespabench.sim.Simulator;
import dev.vespabench.sim.SimulatorConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Runs the ComfyUI backends through the tool against the simulator's image engine. */
class ComfyOutputTest {

    private static final String WORKFLOW = """
            {"3": {"class_type": "KSampler", "inputs": {"seed": 1, "steps": 20}},
             "9": {"class_type": "SaveImage", "inputs": {"filename_prefix": "bench"}}}
            """;

    private static SimulatedServer server;

    @TempDir
    Path dir;

    @BeforeAll
    static void startSimulator() {
        server = Simulator.start(SimulatorConfig.builder()
                .images(ImageConfig.of(2, 100)).build());
    }

    @AfterAll
    static void stopSimulator() {
        server.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"comfyui", "comfyui-native"})
    void summaryShowsJobsPerSecond(String backend) {
        CliRunner.Result result = CliRunner.run(Map.of(), "run", backend, "--url",
                server.baseUrl(), "--runs", "2", "-c", "2", "--no-cache", "-q");

        assertThat(result.status()).as(result.err()).isZero();
        List<String> lines = result.out().lines().toList();
        String header = lines.stream().filter(line -> line.trim().startsWith("run "))
                .findFirst().orElseThrow();
        assertThat(List.of(header.trim().split(" {2,}")))
                .containsSubsequence("workload/s", "jobs/s");
        assertThat(result.out()).containsPattern(
                "(?m)^jobs      [0-9.]+ jobs/s \\(workload/s divided by 100.0 workload per"
                        + " job\\)$");
    }

    @ParameterizedTest
    @ValueSource(strings = {"comfyui", "comfyui-native"})
    void jsonJobsPerSecondDividesWorkload(String backend) throws Exception {
        CliRunner.Result result = CliRunner.run(Map.of(), "run", backend, "--url",
                server.baseUrl(), "--runs", "2", "-c", "2", "--no-cache", "--json", "-q");

        assertThat(result.status()).as(result.err()).isZero();
        assertThat(SchemaValidator.errors(result.out())).isEmpty();
        JsonNode json = new ObjectMapper().readTree(result.out());
        assertThat(json.get("jobs_per_second").asDouble())
                .isCloseTo(json.get("value").asDouble() / 100.0, within(1e-9));
        for (JsonNode run : json.get("runs")) {
            assertThat(run.get("jobs_per_second").asDouble())
                    .isCloseTo(run.get("throughput").asDouble() / 100.0, within(1e-9));
        }
        // Two workers finish 2 jobs of 100 ms at once, so at most 20 jobs/s.
        assertThat(json.get("jobs_per_second").asDouble()).isBetween(1.0, 20.0);
    }

    @Test
    void pixelsStepsCountsSucceededJobs() throws Exception {
        CliRunner.Result result = CliRunner.run(Map.of(), "run", "comfyui", "--url",
                server.baseUrl(), "--runs", "1", "-c", "2", "-o", "workload=pixels-steps",
                "--no-cache", "--json", "-q");

        assertThat(result.status()).as(result.err()).isZero();
        assertThat(SchemaValidator.errors(result.out())).isEmpty();
        JsonNode json = new ObjectMapper().readTree(result.out());
        JsonNode run = json.get("runs").get(0);
        double expected = run.get("succeeded").asDouble() / run.get("duration_seconds").asDouble();
        assertThat(run.get("jobs_per_second").asDouble()).isCloseTo(expected, within(1e-9));
        assertThat(json.get("jobs_per_second").asDouble()).isCloseTo(expected, within(1e-9));
        assertThat(json.get("backend").get("settings").get("workload_per_job").asText())
                .isEqualTo("5242.88");
    }

    @Test
    void tokenBackendHasNoJobsPerSecond() throws Exception {
        CliRunner.Result result = CliRunner.run(Map.of(), "run", "openai", "--url",
                server.baseUrl(), "--runs", "1", "-c", "2", "-o", "max-tokens=5",
                "--no-cache", "--json", "-q");

        assertThat(result.status()).as(result.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(result.out());
        assertThat(json.has("jobs_per_second")).isFalse();
        assertThat(json.get("runs").get(0).has("jobs_per_second")).isFalse();
    }

    @Test
    void changedWorkflowIsMeasuredAgain() throws Exception {
        Path workflow = dir.resolve("workflow.json");
        Files.writeString(workflow, WORKFLOW);
        Path cache = dir.resolve("cache");
        String[] args = {"run", "comfyui", "--url", server.baseUrl(), "--runs", "1",
                "--cache-file", cache.toString(), "-o", "workflow=" + workflow, "-q"};
        CliRunner.Result first = CliRunner.run(Map.of(), args);
        String firstDigest = recorded(cache, "workflow_sha256=");
        Files.writeString(cache, Files.readString(cache).replaceFirst("^[0-9.]+", "77.5"));

        CliRunner.Result same = CliRunner.run(Map.of(), args);
        Files.writeString(workflow, WORKFLOW.replace("\"steps\": 20", "\"steps\": 30"));
        CliRunner.Result changed = CliRunner.run(Map.of(), args);

        assertThat(first.status()).as(first.err()).isZero();
        assertThat(firstDigest).matches("workflow_sha256=[0-9a-f]{64}");
        assertThat(same.out()).contains("77.50 workload/s (cached in");
        assertThat(changed.status()).as(changed.err()).isZero();
        assertThat(changed.out()).doesNotContain("cached in");
        assertThat(recorded(cache, "workflow_sha256=")).isNotEqualTo(firstDigest);
        assertThat(Files.readAllLines(cache).get(0)).isNotEqualTo("77.5");
    }

    @Test
    void workflowFromEnvironmentIsMatched() throws Exception {
        Path workflow = dir.resolve("workflow.json");
        Files.writeString(workflow, WORKFLOW);
        Path cache = dir.resolve("cache");
        Map<String, String> env = Map.of("VESPA_COMFYUI_BENCHMARK_FILE", workflow.toString());
        String[] args = {"run", "comfyui", "--url", server.baseUrl(), "--runs", "1",
                "--cache-file", cache.toString(), "-q"};
        CliRunner.Result first = CliRunner.run(env, args);
        Files.writeString(cache, Files.readString(cache).replaceFirst("^[0-9.]+", "77.5"));

        CliRunner.Result same = CliRunner.run(env, args);
        CliRunner.Result withoutWorkflow = CliRunner.run(Map.of(), args);

        assertThat(first.status()).as(first.err()).isZero();
        assertThat(same.out()).contains("77.50 workload/s (cached in");
        assertThat(withoutWorkflow.status()).as(withoutWorkflow.err()).isZero();
        assertThat(withoutWorkflow.out()).doesNotContain("cached in");
        assertThat(Files.readString(cache)).doesNotContain("workflow_sha256=");
    }

    private static String recorded(Path cache, String prefix) throws Exception {
        return Files.readAllLines(cache).stream().filter(line -> line.startsWith(prefix))
                .findFirst().orElse("");
    }
}
