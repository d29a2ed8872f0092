package dev.vespabench.comfyui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import dev.vespabench.api.BackendOptions;
import dev.vespabench.api.InvalidOptionException;

class ComfySettingsTest {

    @TempDir
    Path dir;

    @Test
    void defaultsMatchPythonBenchmark() {
        ComfySettings settings = ComfySettings.from(Api.WORKER, BackendOptions.empty());

        assertThat(settings.workflow()).isEmpty();
        assertThat(settings.job()).isEqualTo(new ImageJob(512, 512, 20));
        assertThat(settings.mode()).isEqualTo(WorkloadMode.FIXED);
        assertThat(settings.workloadPerJob()).isEqualTo(100.0);
        assertThat(settings.checkpoint()).isEqualTo("v1-5-pruned-emaonly.safetensors");
    }

    @Test
    void environmentSetsJobSize() {
        BackendOptions options = new BackendOptions(Map.of(), Map.of("BENCHMARK_TEST_WIDTH",
                "768", "BENCHMARK_TEST_HEIGHT", "1024", "BENCHMARK_TEST_STEPS", "30"));

        ComfySettings settings = ComfySettings.from(Api.WORKER, options);

        assertThat(settings.job()).isEqualTo(new ImageJob(768, 1024, 30));
    }

    @Test
    void optionsOverrideEnvironment() {
        BackendOptions options = new BackendOptions(
                Map.of("width", "640", "height", "480", "steps", "4"),
                Map.of("BENCHMARK_TEST_WIDTH", "768", "BENCHMARK_TEST_STEPS", "30"));

        ComfySettings settings = ComfySettings.from(Api.NATIVE, options);

        assertThat(settings.job()).isEqualTo(new ImageJob(640, 480, 4));
    }

    @Test
    void checkpointOptionIsUsed() {
        ComfySettings settings = ComfySettings.from(Api.NATIVE,
                options(Map.of("checkpoint", "sd_xl_base_1.0.safetensors")));

        assertThat(settings.checkpoint()).isEqualTo("sd_xl_base_1.0.safetensors");
    }

    private static final String PER_JOB_RANGE =
            "expected a decimal number greater than 0 and at most 1000000000";

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "width            | 15    | expected a whole number from 16 to 16384",
        "width            | 16385 | expected a whole number from 16 to 16384",
        "height           | big   | expected a whole number from 16 to 16384",
        "steps            | 0     | expected a whole number from 1 to 10000",
        "steps            | 2.5   | expected a whole number from 1 to 10000",
        "workload         | tokens | expected fixed or pixels-steps",
    })
    void invalidValueNamesOptionAndValue(String option, String value, String expected) {
        BackendOptions options = options(Map.of(option, value));

        assertThatThrownBy(() -> ComfySettings.from(Api.NATIVE, options))
                .isInstanceOfSatisfying(InvalidOptionException.class,
                        e -> assertThat(e.option()).isEqualTo(option))
                .hasMessage("invalid " + option + " '" + value + "': " + expected);
    }

    @ParameterizedTest
    @CsvSource({"0", "-5", "NaN", "2e9", "lots"})
    void invalidWorkloadPerJobIsRejected(String value) {
        BackendOptions options = options(Map.of("workload-per-job", value));

        assertThatThrownBy(() -> ComfySettings.from(Api.WORKER, options))
                .isInstanceOfSatisfying(InvalidOptionException.class,
                        e -> assertThat(e.option()).isEqualTo("workload-per-job"))
                .hasMessage("invalid workload-per-job '" + value + "': " + PER_JOB_RANGE);
    }

    @Test
    void invalidEnvironmentValueNamesVariable() {
        BackendOptions options =
                new BackendOptions(Map.of(), Map.of("BENCHMARK_TEST_STEPS", "many"));

        assertThatThrownBy(() -> ComfySettings.from(Api.WORKER, options))
                .isInstanceOfSatisfying(InvalidOptionException.class,
                        e -> assertThat(e.option()).isEqualTo("BENCHMARK_TEST_STEPS"))
                .hasMessage("invalid BENCHMARK_TEST_STEPS 'many': expected a whole number"
                        + " from 1 to 10000");
    }

    @Test
    void unknownOptionListsValidOnes() {
        assertThatThrownBy(() -> ComfySettings.from(Api.WORKER, options(Map.of("seed", "1"))))
                .isInstanceOfSatisfying(InvalidOptionException.class,
                        e -> assertThat(e.option()).isEqualTo("seed"))
                .hasMessage("unknown option 'seed' for backend comfyui. Valid options: workflow,"
                        + " width, height, steps, workload, workload-per-job");
    }

    @Test
    void checkpointIsUnknownToWorker() {
        BackendOptions options = options(Map.of("checkpoint", "x.safetensors"));

        assertThatThrownBy(() -> ComfySettings.from(Api.WORKER, options))
                .hasMessageStartingWith("unknown option 'checkpoint' for backend comfyui.");
    }

    @ParameterizedTest
    @EnumSource(Api.class)
    void modelOptionIsRejectedWithAdvice(Api api) {
        BackendOptions options = options(Map.of("model", "sdxl"));

        assertThatThrownBy(() -> ComfySettings.from(api, options))
                .isInstanceOfSatisfying(InvalidOptionException.class,
                        e -> assertThat(e.option()).isEqualTo("model"))
                .hasMessageStartingWith("option 'model' is not supported by backend "
                        + api.providerName() + ": ");
    }

    @Test
    void fixedWorkloadPerJobIsSet() {
        ComfySettings settings =
                ComfySettings.from(Api.WORKER, options(Map.of("workload-per-job", "250.5")));

        assertThat(settings.mode()).isEqualTo(WorkloadMode.FIXED);
        assertThat(settings.workloadPerJob()).isEqualTo(250.5);
    }

    @Test
    void pixelsStepsUsesJobSize() {
        BackendOptions options = options(Map.of("workload", "Pixels-Steps", "width", "1024",
                "height", "768", "steps", "25"));

        ComfySettings settings = ComfySettings.from(Api.NATIVE, options);

        assertThat(settings.mode()).isEqualTo(WorkloadMode.PIXELS_STEPS);
        assertThat(settings.workloadPerJob()).isEqualTo(1024.0 * 768 * 25 / 1000);
    }

    @Test
    void pixelsStepsDefaultIsOlderFormula() {
        ComfySettings settings =
                ComfySettings.from(Api.WORKER, options(Map.of("workload", "pixels-steps")));

        assertThat(settings.workloadPerJob()).isEqualTo(5242.88);
    }

    @Test
    void workloadPerJobConflictsWithPixelsSteps() {
        BackendOptions options =
                options(Map.of("workload", "pixels-steps", "workload-per-job", "100"));

        assertThatThrownBy(() -> ComfySettings.from(Api.WORKER, options))
                .isInstanceOfSatisfying(InvalidOptionException.class,
                        e -> assertThat(e.option()).isEqualTo("workload-per-job"))
                .hasMessageContaining("applies only to workload=fixed");
    }

    @Test
    void workflowFromEnvironmentIsRead() throws IOException {
        Path file = workflow();
        BackendOptions options = new BackendOptions(Map.of(),
                Map.of("VESPA_COMFYUI_BENCHMARK_FILE", file.toString()));

        ComfySettings settings = ComfySettings.from(Api.WORKER, options);

        assertThat(settings.workflow()).isPresent();
        assertThat(settings.workflow().get().source()).isEqualTo(file.toString());
    }

    @Test
    void workflowOptionOverridesEnvironment() throws IOException {
        Path file = workflow();
        BackendOptions options = new BackendOptions(Map.of("workflow", file.toString()),
                Map.of("VESPA_COMFYUI_BENCHMARK_FILE", "/absent/flow.json"));

        ComfySettings settings = ComfySettings.from(Api.NATIVE, options);

        assertThat(settings.workflow().get().source()).isEqualTo(file.toString());
    }

    @Test
    void missingWorkflowFromEnvironmentFails() {
        BackendOptions options = new BackendOptions(Map.of(),
                Map.of("VESPA_COMFYUI_BENCHMARK_FILE", dir.resolve("absent.json").toString()));

        assertThatThrownBy(() -> ComfySettings.from(Api.WORKER, options))
                .isInstanceOfSatisfying(InvalidOptionException.class, e -> assertThat(e.option())
                        .isEqualTo("VESPA_COMFYUI_BENCHMARK_FILE"))
                .hasMessageContaining("absent.json' was not found");
    }

    @Test
    void workflowIgnoresJobSizeEnvironment() throws IOException {
        Path file = workflow();
        BackendOptions options = new BackendOptions(Map.of("workflow", file.toString()),
                Map.of("BENCHMARK_TEST_WIDTH", "not a number"));

        ComfySettings settings = ComfySettings.from(Api.WORKER, options);

        assertThat(settings.job()).isEqualTo(new ImageJob(768, 640, 30));
    }

    @ParameterizedTest
    @CsvSource({"width, 512", "height, 512", "steps, 10", "checkpoint, x.safetensors"})
    void jobOptionConflictsWithWorkflow(String option, String value) throws IOException {
        BackendOptions options =
                options(Map.of("workflow", workflow().toString(), option, value));

        assertThatThrownBy(() -> ComfySettings.from(Api.NATIVE, options))
                .isInstanceOfSatisfying(InvalidOptionException.class,
                        e -> assertThat(e.option()).isEqualTo(option))
                .hasMessageContaining("option " + option + " sets the default job, but"
                        + " workflow file");
    }

    @Test
    void pixelsStepsReadsWorkflowGraph() throws IOException {
        BackendOptions options =
                options(Map.of("workflow", workflow().toString(), "workload", "pixels-steps"));

        ComfySettings settings = ComfySettings.from(Api.NATIVE, options);

        assertThat(settings.workloadPerJob()).isEqualTo(768.0 * 640 * 30 / 1000);
        assertThat(settings.describe(Api.NATIVE))
                .containsEntry("width", "768")
                .containsEntry("height", "640")
                .containsEntry("steps", "30");
    }

    @Test
    void pixelsStepsNeedsSizeInWorkflow() throws IOException {
        Path file = dir.resolve("nosize.json");
        Files.writeString(file, "{\"9\": {\"class_type\": \"SaveImage\", \"inputs\": {}}}");
        BackendOptions options =
                options(Map.of("workflow", file.toString(), "workload", "pixels-steps"));

        assertThatThrownBy(() -> ComfySettings.from(Api.WORKER, options))
                .isInstanceOfSatisfying(InvalidOptionException.class,
                        e -> assertThat(e.option()).isEqualTo("workload"))
                .hasMessageContaining("workflow file '" + file + "' has no node with"
                        + " whole-number width and height inputs");
    }

    @Test
    void describeCarriesWorkloadPerJob() {
        ComfySettings settings = ComfySettings.from(Api.NATIVE, BackendOptions.empty());

        assertThat(settings.describe(Api.NATIVE)).containsExactly(
                Map.entry("endpoint", "/prompt"),
                Map.entry("workflow", "default"),
                Map.entry("width", "512"),
                Map.entry("height", "512"),
                Map.entry("steps", "20"),
                Map.entry("checkpoint", "v1-5-pruned-emaonly.safetensors"),
                Map.entry("workload", "fixed"),
                Map.entry("workload_per_job", "100.0"));
    }

    @Test
    void describeWorkflowOmitsDefaultJob() throws IOException, NoSuchAlgorithmException {
        Path file = workflow();
        ComfySettings settings =
                ComfySettings.from(Api.WORKER, options(Map.of("workflow", file.toString())));

        assertThat(settings.describe(Api.WORKER)).containsExactly(
                Map.entry("endpoint", "/generate/sync"),
                Map.entry("workflow", file.toString()),
                Map.entry("workflow_sha256", sha256(WorkflowFileTest.GRAPH)),
                Map.entry("workload", "fixed"),
                Map.entry("workload_per_job", "100.0"));
    }

    @Test
    void notesWarnOfWorkflowWithoutSeed() throws IOException {
        Path file = dir.resolve("noseed.json");
        Files.writeString(file, "{\"9\": {\"class_type\": \"SaveImage\", \"inputs\": {}}}");

        ComfySettings settings =
                ComfySettings.from(Api.NATIVE, options(Map.of("workflow", file.toString())));

        assertThat(settings.notes()).anySatisfy(note -> assertThat(note)
                .contains("has no numeric seed or noise_seed input"));
    }

    private Path workflow() throws IOException {
        Path file = dir.resolve("flow.json");
        Files.writeString(file, WorkflowFileTest.GRAPH);
        return file;
    }

    private static String sha256(String text) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static BackendOptions options(Map<String, String> values) {
        return new BackendOptions(values, Map.of());
    }
}
