package dev.vespabench.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vespabench.core.ResultCache;
import dev.vespabench.sim.FaultConfig;
import dev.vespabench.sim.SimulatedServer;
import dev.vespabench.sim.Simulator;
import dev.vespabench.sim.SimulatorConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Runs the tool as a separate process against the simulator, sends it SIGINT or SIGTERM with
 * {@code kill} while it measures, and checks what it prints, writes, caches and exits with.
 */
class SignalStopTest {

    /** The time limit of each step that waits for the tool; none of them should come near. */
    private static final Duration LIMIT = Duration.ofSeconds(60);
    /**
     * Runs whose JSON document (over 1 KB each) is larger than a Linux pipe's 64 KiB buffer,
     * so printing it blocks while the test does not read the pipe.
     */
    private static final int RUNS_TO_FILL_PIPE = 100;
    private static final String CACHED = "42.5\nbackend=openai\nurl=http://127.0.0.1:1\n";

    private static SimulatedServer server;

    @TempDir
    Path dir;

    @BeforeAll
    static void startSimulator() {
        server = Simulator.start(SimulatorConfig.builder().build());
    }

    @AfterAll
    static void stopSimulator() {
        server.close();
    }

    @ParameterizedTest
    @CsvSource({"INT, SIGINT", "TERM, SIGTERM"})
    void signalPrintsPartialResultWithoutCaching(String signal, String name) throws Exception {
        Path cache = dir.resolve("cache");
        Files.writeString(cache, CACHED);
        Path output = dir.resolve("result.json");
        Path report = dir.resolve("report.html");
        Tool tool = Tool.start(dir, "run", "openai", "--url", server.baseUrl(), "--runs", "200",
                "-c", "4", "-o", "max-tokens=100", "--cache-file", cache.toString(), "--force",
                "--json", "--output", output.toString(), "--report", report.toString());

        tool.awaitStderr(text -> text.contains("run=1 "));
        assumeFalse(tool.ignores(signal), "SIG" + signal + " is ignored by this process's"
                + " parent, so the JVM keeps it ignored");
        tool.kill(signal);
        int status = tool.awaitExit();

        String stdout = tool.stdout();
        JsonNode json = new ObjectMapper().readTree(stdout);
        assertThat(status).as(tool.stderr()).isEqualTo(ExitCodes.PARTIAL);
        assertThat(json.get("status").asText()).isEqualTo("partial");
        assertThat(json.get("partial").asBoolean()).isTrue();
        assertThat(json.get("fallback").asBoolean()).isTrue();
        assertThat(json.get("reason").asText()).startsWith("stopped early after ");
        assertThat(json.get("runs").size()).isBetween(1, 199);
        assertThat(SchemaValidator.errors(stdout)).isEmpty();
        assertThat(Files.readString(output)).isEqualToIgnoringWhitespace(stdout);
        assertThat(Files.readString(report)).contains("(partial, not cached)");
        assertThat(Files.readString(cache)).isEqualTo(CACHED);
        assertThat(tool.stderr()).contains("received " + name + "; stopping the benchmark");
        assertThat(tool.stderr()).contains("the partial figure is not cached");
    }

    @Test
    void humanSummaryMarksPartialResult() throws Exception {
        Tool tool = Tool.start(dir, "run", "openai", "--url", server.baseUrl(), "--runs", "200",
                "-c", "4", "-o", "max-tokens=100", "--no-cache");

        tool.awaitStderr(text -> text.contains("run=1 "));
        tool.kill("TERM");
        int status = tool.awaitExit();

        assertThat(status).as(tool.stderr()).isEqualTo(ExitCodes.PARTIAL);
        assertThat(tool.stdout()).containsPattern("result    [0-9.]+ workload/s \\(PARTIAL,"
                + " not cached: stopped early after \\d+ finished runs?\\)");
    }

    @ParameterizedTest
    @CsvSource({"INT, SIGINT, 130", "TERM, SIGTERM, 143"})
    void signalDuringHealthWaitGivesNoResult(String signal, String name, int expected)
            throws Exception {
        Path output = dir.resolve("result.json");
        FaultConfig faults = FaultConfig.builder().startupPeriod(Duration.ofMinutes(5)).build();
        try (SimulatedServer starting = Simulator.start(SimulatorConfig.builder().faults(faults)
                .build())) {
            Tool tool = Tool.start(dir, "run", "openai", "--url", starting.baseUrl(),
                    "--startup-timeout", "120", "--no-cache", "--json", "--output",
                    output.toString());

            tool.awaitStderr(text -> text.contains("waiting for url="));
            assumeFalse(tool.ignores(signal), "SIG" + signal + " is ignored by this process's"
                    + " parent, so the JVM keeps it ignored");
            tool.kill(signal);
            int status = tool.awaitExit();

            assertThat(status).as(tool.stderr()).isEqualTo(expected);
            assertThat(tool.stderr()).contains("error: received " + name + " before any run"
                    + " finished; exiting without a result");
            assertThat(tool.stdout()).as("no figure on standard output").isEmpty();
            assertThat(output).doesNotExist();
        }
    }

    @Test
    void secondSignalExitsAtOnce() throws Exception {
        Tool tool = Tool.startBlockedOutput(dir, "run", "openai", "--url", server.baseUrl(),
                "--runs", "1000", "-c", "4", "-o", "max-tokens=10", "--no-cache", "--json");

        tool.awaitStderr(text -> text.contains("run=" + RUNS_TO_FILL_PIPE + " "));
        tool.kill("TERM");
        tool.awaitStderr(text -> text.contains("finished with partial"));
        tool.kill("TERM");
        int status = tool.awaitExit();

        assertThat(status).as(tool.stderr()).isEqualTo(128 + 15);
        assertThat(tool.stderr()).contains("error: received SIGTERM again; exiting at once"
                + " without a result");
    }

    @Test
    void unwrittenResultExitsAfterGracePeriod() throws Exception {
        Tool tool = Tool.startBlockedOutput(dir, "run", "openai", "--url", server.baseUrl(),
                "--runs", "1000", "-c", "4", "-o", "max-tokens=10", "--no-cache", "--json");

        tool.awaitStderr(text -> text.contains("run=" + RUNS_TO_FILL_PIPE + " "));
        tool.kill("INT");
        int status = tool.awaitExit();

        assertThat(status).as(tool.stderr()).isEqualTo(128 + 2);
        assertThat(tool.stderr()).contains("error: the partial result was not written within"
                + " 10 s of SIGINT; exiting without it");
    }

    @Test
    void signalWhileWaitingForCacheLockExits() throws Exception {
        Path cache = dir.resolve("cache");
        Files.writeString(cache, CACHED);
        Tool tool;
        try (ResultCache.Lock lock = ResultCache.at(cache).lock(() -> { })) {
            tool = Tool.start(dir, "run", "openai", "--url", server.baseUrl(), "--runs", "1",
                    "--cache-file", cache.toString(), "--force");

            tool.awaitStderr(text -> text.contains("waiting for it to finish"));
            tool.kill("TERM");
            int status = tool.awaitExit();

            assertThat(status).as(tool.stderr()).isEqualTo(128 + 15);
        }
        assertThat(tool.stderr()).contains("error: received SIGTERM before measuring; exiting"
                + " without a result");
        assertThat(tool.stdout()).isEmpty();
        assertThat(Files.readString(cache)).isEqualTo(CACHED);
    }

    /**
     * The tool running in its own JVM, with standard error going to a file and standard output
     * to a file or, when {@code stdoutFile} is null, to a pipe that the test does not read.
     */
    private record Tool(Process process, Path stdoutFile, Path stderrFile) {

        static Tool start(Path dir, String... args) throws IOException {
            Path stdout = Files.createTempFile(dir, "stdout", ".txt");
            return start(dir, ProcessBuilder.Redirect.to(stdout.toFile()), stdout, args);
        }

        static Tool startBlockedOutput(Path dir, String... args) throws IOException {
            return start(dir, ProcessBuilder.Redirect.PIPE, null, args);
        }

        private static Tool start(Path dir, ProcessBuilder.Redirect output, Path stdout,
                String... args) throws IOException {
            Path stderr = Files.createTempFile(dir, "stderr", ".txt");
            Process process = new ProcessBuilder(ToolProcess.command(args))
                    .redirectOutput(output)
                    .redirectError(stderr.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            return new Tool(process, stdout, stderr);
        }

        long pid() {
            return process.pid();
        }

        String stdout() throws IOException {
            return Files.readString(stdoutFile, StandardCharsets.UTF_8);
        }

        String stderr() throws IOException {
            return Files.readString(stderrFile, StandardCharsets.UTF_8);
        }

        /** Polls standard error until it matches, failing after {@link #LIMIT}. */
        void awaitStderr(Predicate<String> condition) throws Exception {
            long end = System.nanoTime() + LIMIT.toNanos();
            while (!condition.test(stderr())) {
                if (!process.isAlive() || System.nanoTime() > end) {
                    process.destroyForcibly();
                    throw new AssertionError("the tool did not log what the test waits for"
                            + " (alive: " + process.isAlive() + "):\n" + stderr());
                }
                Thread.sleep(50);
            }
        }

        /** Returns whether the process ignores the signal, from Linux's /proc status. */
        boolean ignores(String signal) throws Exception {
            int number = signal.equals("INT") ? 2 : 15;
            Path status = Path.of("/proc", Long.toString(pid()), "status");
            if (!Files.exists(status)) {
                return false;
            }
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("SigIgn:")) {
                    long mask = Long.parseUnsignedLong(line.substring(7).trim(), 16);
                    return (mask & (1L << (number - 1))) != 0;
                }
            }
            return false;
        }

        void kill(String signal) throws Exception {
            shell("kill -" + signal + " " + pid());
        }

        void shell(String command) throws Exception {
            Process kill = new ProcessBuilder(List.of("sh", "-c", command)).inheritIO().start();
            assertThat(kill.waitFor(LIMIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
            assertThat(kill.exitValue()).as(command).isZero();
        }

        int awaitExit() throws Exception {
            if (!process.waitFor(LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("the tool did not exit within " + LIMIT + ":\n"
                        + stderr());
            }
            return process.exitValue();
        }
    }
}
