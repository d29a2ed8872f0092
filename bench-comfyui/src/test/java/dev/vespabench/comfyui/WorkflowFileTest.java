package dev.vespabench.comfyui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.vespabench.api.InvalidOptionException;

class WorkflowFileTest {

    /** A three-node graph in API format. */
    static final String GRAPH = "{\"3\": {\"class_type\": \"KSampler\", \"inputs\": {\"seed\": 1,"
            + " \"steps\": 30, \"model\": [\"4\", 0]}},"
            + " \"5\": {\"class_type\": \"EmptyLatentImage\", \"inputs\": {\"width\": 768,"
            + " \"height\": 640, \"batch_size\": 1}},"
            + " \"4\": {\"class_type\": \"CheckpointLoaderSimple\","
            + " \"inputs\": {\"ckpt_name\": \"sdxl.safetensors\"}}}";

    @TempDir
    Path dir;

    @Test
    void validGraphIsRead() throws IOException {
        Path file = write("flow.json", GRAPH);

        Workflow workflow = WorkflowFile.read(file.toString(), "workflow");

        assertThat(workflow.source()).isEqualTo(file.toString());
        assertThat(workflow.size()).isEqualTo(3);
        assertThat(workflow.seedInputs()).isEqualTo(1);
        assertThat(workflow.checkpointName()).contains("sdxl.safetensors");
        assertThat(workflow.imageJob()).contains(new ImageJob(768, 640, 30));
    }

    @Test
    void byteOrderMarkIsAccepted() throws IOException {
        Path file = write("bom.json", "\uFEFF" + GRAPH);

        Workflow workflow = WorkflowFile.read(file.toString(), "workflow");

        assertThat(workflow.size()).isEqualTo(3);
    }

    @Test
    void missingFileIsNamed() {
        String name = dir.resolve("absent.json").toString();

        assertThatThrownBy(() -> WorkflowFile.read(name, "workflow"))
                .isInstanceOfSatisfying(InvalidOptionException.class,
                        e -> assertThat(e.option()).isEqualTo("workflow"))
                .hasMessageStartingWith("invalid workflow: workflow file '" + name
                        + "' was not found")
                .hasMessageContaining("Check the path");
    }

    @Test
    void environmentVariableIsNamed() {
        String name = dir.resolve("absent.json").toString();

        assertThatThrownBy(() -> WorkflowFile.read(name, "VESPA_COMFYUI_BENCHMARK_FILE"))
                .isInstanceOfSatisfying(InvalidOptionException.class, e -> assertThat(e.option())
                        .isEqualTo("VESPA_COMFYUI_BENCHMARK_FILE"))
                .hasMessageStartingWith("invalid VESPA_COMFYUI_BENCHMARK_FILE: workflow file '"
                        + name + "' was not found");
    }

    @Test
    void directoryIsRejected() {
        assertThatThrownBy(() -> WorkflowFile.read(dir.toString(), "workflow"))
                .isInstanceOf(InvalidOptionException.class)
                .hasMessage("invalid workflow: workflow file '" + dir + "' is a directory."
                        + " Name a JSON file in ComfyUI's API format.");
    }

    @Test
    void oversizedFileIsRejected() throws IOException {
        Path file = dir.resolve("huge.json");
        try (OutputStream out = Files.newOutputStream(file)) {
            byte[] block = new byte[1 << 20];
            for (int i = 0; i < 8; i++) {
                out.write(block);
            }
            out.write(' ');
        }

        assertThatThrownBy(() -> WorkflowFile.read(file.toString(), "workflow"))
                .isInstanceOf(InvalidOptionException.class)
                .hasMessage("invalid workflow: workflow file '" + file + "' is 8388609 bytes,"
                        + " larger than the limit of 8388608 bytes (8 MiB) for a workflow.");
    }

    @Test
    void fileAtLimitIsRead() throws IOException {
        StringBuilder text = new StringBuilder(GRAPH);
        text.append(" ".repeat((int) WorkflowFile.MAX_BYTES - text.length()));
        Path file = write("limit.json", text.toString());

        Workflow workflow = WorkflowFile.read(file.toString(), "workflow");

        assertThat(workflow.size()).isEqualTo(3);
    }

    @Test
    void invalidUtf8IsRejected() throws IOException {
        Path file = dir.resolve("latin1.json");
        Files.write(file, "{\"1\": \"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1));

        assertThatThrownBy(() -> WorkflowFile.read(file.toString(), "workflow"))
                .isInstanceOf(InvalidOptionException.class)
                .hasMessage("invalid workflow: workflow file '" + file + "' is not UTF-8 text:"
                        + " invalid byte sequence at byte offset 10. Save the file as UTF-8.");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"3\": {\"class_type\": \"KSampler\",  | is not valid JSON at line 1, column",
        "{\"3\": {}} trailing                    | is not valid JSON",
        "''                                      | is empty",
        "[1, 2]                                  | but it contains an array",
        "\"flow\"                                | but it contains a string",
        "{}                                      | contains an empty object",
    })
    void invalidContentIsNamed(String content, String problem) throws IOException {
        Path file = write("bad.json", content);

        assertThatThrownBy(() -> WorkflowFile.read(file.toString(), "workflow"))
                .isInstanceOf(InvalidOptionException.class)
                .hasMessageStartingWith("invalid workflow: workflow file '" + file + "' ")
                .hasMessageContaining(problem);
    }

    @Test
    void duplicateNodeIdIsNamed() throws IOException {
        Path file = write("dup.json", "{\"3\": {}, \"3\": {}}");

        assertThatThrownBy(() -> WorkflowFile.read(file.toString(), "workflow"))
                .hasMessageContaining("Duplicate field '3'");
    }

    @Test
    void editorFormatIsExplained() throws IOException {
        Path file = write("ui.json", "{\"last_node_id\": 9, \"nodes\": [], \"links\": []}");

        assertThatThrownBy(() -> WorkflowFile.read(file.toString(), "workflow"))
                .isInstanceOf(InvalidOptionException.class)
                .hasMessageContaining("is in the ComfyUI editor's format")
                .hasMessageContaining("Export the workflow in API format");
    }

    @Test
    void wrappedRequestIsRejected() throws IOException {
        Path file = write("request.json", "{\"prompt\": " + GRAPH + ", \"client_id\": \"x\"}");

        assertThatThrownBy(() -> WorkflowFile.read(file.toString(), "workflow"))
                .isInstanceOf(InvalidOptionException.class)
                .hasMessageContaining("node 'prompt' has no class_type string");
    }

    @Test
    void nodeWithoutInputsIsRejected() throws IOException {
        Path file = write("noinputs.json", "{\"9\": {\"class_type\": \"SaveImage\"}}");

        assertThatThrownBy(() -> WorkflowFile.read(file.toString(), "workflow"))
                .isInstanceOf(InvalidOptionException.class)
                .hasMessageContaining("node '9' (SaveImage) has no inputs object");
    }

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }
}
