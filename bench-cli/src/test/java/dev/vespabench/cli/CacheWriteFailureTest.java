package dev.vespabench.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.vespabench.core.ResultCache;
import dev.vespabench.sim.SimulatedServer;
import dev.vespabench.sim.Simulator;
import dev.vespabench.sim.SimulatorConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tests that a cache write that fails or is killed midway leaves the previous cache file
 * whole. The tool and a cache writer run as separate processes, so that a file size limit or
 * SIGKILL hits them and not the test.
 */
class CacheWriteFailureTest {

    private static final long LIMIT_SECONDS = 120;
    private static final String PREVIOUS = "42.5\nbackend=openai\nurl=http://127.0.0.1:1\n";

    @TempDir
    Path dir;

    @Test
    void fileSizeLimitKeepsPreviousCache() throws Exception {
        Optional<Path> bash = ExternalTool.find("bash");
        assumeTrue(bash.isPresent(), "bash is needed to set the file size limit");
        Path cache = dir.resolve("cache");
        Files.writeString(cache, PREVIOUS);
        // The server's model name goes into the cache file, which makes the file longer than
        // the limit of 1 KiB, so the write stops partway through.
        String model = "m".repeat(3000);

        String output;
        int status;
        try (SimulatedServer server = Simulator.start(SimulatorConfig.builder()
                .modelName(model).maxOutputTokens(10).build())) {
            List<String> command = new ArrayList<>(ToolProcess.command("run", "openai", "--url",
                    server.baseUrl(), "--runs", "1", "-c", "2", "--cache-file", cache.toString(),
                    "--force", "-q"));
            // The JVM would otherwise create its performance data file under the limit too.
            command.add(1, "-XX:-UsePerfData");
            Process process = new ProcessBuilder(withFileSizeLimit(bash.get(), command))
                    .redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            if (!process.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("the tool did not end within " + LIMIT_SECONDS + " s");
            }
            output = new String(process.getInputStream().readAllBytes(),
                    StandardCharsets.UTF_8);
            status = process.exitValue();
        }

        assertThat(status).as(output).isEqualTo(ExitCodes.ERROR);
        assertThat(output).contains("error: cache file " + cache + " could not be written");
        assertThat(output).contains("result ");
        assertThat(Files.readString(cache)).isEqualTo(PREVIOUS);
        assertThat(temporaryFiles()).isEmpty();
    }

    @Test
    void killedWriterLeavesWholeCache() throws Exception {
        Path cache = dir.resolve("cache");
        Files.writeString(cache, PREVIOUS);
        List<String> command = new ArrayList<>(ToolProcess.command());
        command.set(command.size() - 1, CacheWriter.class.getName());
        command.add(cache.toString());
        Process writer = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();

        // The writer prints a line after each write. SIGKILL lands at an arbitrary point of
        // a later write or of the loop around it; either way the cache must be whole.
        try {
            for (int i = 0; i < CacheWriter.WRITES_BEFORE_KILL; i++) {
                String line = CacheWriter.readLine(writer.getInputStream());
                assertThat(line).as("writer output").startsWith("wrote ");
            }
        } finally {
            writer.destroyForcibly();
        }
        assertThat(writer.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS)).isTrue();

        Optional<ResultCache.Entry> entry = ResultCache.at(cache).read();
        assertThat(entry).isPresent();
        assertThat(entry.get().value()).isIn(42.5, CacheWriter.FIRST, CacheWriter.SECOND);
        assertThat(entry.get().fingerprint()).isEqualTo(
                CacheWriter.fingerprintOf(entry.get().value()));
    }

    private List<Path> temporaryFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".tmp"))
                    .toList();
        }
    }

    /** Returns a command that runs another with bash's file size limit at 1 KiB. */
    private static List<String> withFileSizeLimit(Path bash, List<String> command) {
        List<String> all = new ArrayList<>(List.of(bash.toString(), "-c",
                "ulimit -f 1 && exec \"$@\"", "bash"));
        all.addAll(command);
        return all;
    }
}
