package dev.vespabench.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the tool as a separate process, once in a real pseudo-terminal (tmux) and once with
 * its output going to files, to check what each writes.
 */
class TerminalOutputTest {

    // A short demo: runs of about half a second, so the progress line is up for seconds.
    private static final String[] DEMO = {"demo", "--runs", "5", "-c", "4", "--base-ms", "1",
            "--per-seq-ms", "0.05"};
    private static final Duration LIMIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void terminalShowsProgressThenAlignedTable() throws Exception {
        Optional<Path> tmux = ExternalTool.find("tmux");
        assumeTrue(tmux.isPresent(), "tmux is not installed; .ci/run installs it");
        Path script = dir.resolve("demo.sh");
        Files.writeString(script, quote(ToolProcess.command(DEMO)) + "\necho EXIT=$?\n");
        Tmux session = new Tmux(tmux.get(), "vespa-bench-test-" + ProcessHandle.current().pid());

        try {
            session.start(120, 50);
            session.type("bash " + script);

            String progress = session.waitFor(screen -> screen.contains("measuring | run "));
            String done = session.waitFor(screen -> screen.contains("EXIT="));

            String line = progress.lines().filter(text -> text.startsWith("measuring | run "))
                    .findFirst().orElseThrow();
            assertThat(line).matches("measuring \\| run \\d/5 \\| \\d+ requests, \\d+ failed"
                    + " \\| [0-9.]+ workload/s.* \\| 0:\\d\\d elapsed \\| 59:\\d\\d to deadline");
            assertThat(done).contains("EXIT=0");
            assertThat(done).as("the progress line is erased at the end")
                    .doesNotContain("to deadline");
            assertTableAligned(done);
        } finally {
            session.stop();
        }
    }

    @Test
    void quietTerminalShowsNoProgressLine() throws Exception {
        Optional<Path> tmux = ExternalTool.find("tmux");
        assumeTrue(tmux.isPresent(), "tmux is not installed; .ci/run installs it");
        Path script = dir.resolve("quiet.sh");
        List<String> command = new ArrayList<>(ToolProcess.command(DEMO));
        command.add("--quiet");
        Files.writeString(script, quote(command) + "\necho EXIT=$?\n");
        Tmux session = new Tmux(tmux.get(), "vespa-bench-quiet-" + ProcessHandle.current().pid());
        List<String> screens = new ArrayList<>();

        try {
            session.start(120, 50);
            session.type("bash " + script);
            session.waitFor(screen -> screens.add(screen) && screen.contains("EXIT="));
        } finally {
            session.stop();
        }

        // The demo runs for seconds and a progress line is redrawn every 200 ms, so polling
        // every 100 ms would have seen one.
        assertThat(screens).as("screens polled").hasSizeGreaterThan(10);
        assertThat(screens).noneMatch(screen -> screen.contains("to deadline"));
        assertThat(screens.get(screens.size() - 1)).contains("EXIT=0", "result    ");
    }

    @Test
    void redirectedOutputHasNoControlCharacters() throws Exception {
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        ProcessBuilder builder = new ProcessBuilder(ToolProcess.command(DEMO))
                .redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        // A terminal type alone must not turn the progress line on.
        builder.environment().put("TERM", "xterm-256color");

        Process process = builder.start();
        boolean finished = process.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly();
        }

        assertThat(finished).as("demo finished within " + LIMIT).isTrue();
        assertThat(process.exitValue()).as(Files.readString(err)).isZero();
        assertThat(Files.readString(out)).contains("result    ", "analytic  ");
        assertThat(Files.readString(err)).contains(" INFO  benchmark=");
        assertThat(controlCharacters(out)).as("stdout").isEmpty();
        assertThat(controlCharacters(err)).as("stderr").isEmpty();
    }

    private static void assertTableAligned(String screen) {
        List<String> lines = screen.lines().toList();
        int header = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("run  conc  requests")) {
                header = i;
            }
        }
        assertThat(header).as("table header on screen:%n%s", screen).isNotNegative();
        List<String> rows = new ArrayList<>();
        for (int i = header + 1; i < lines.size() && !lines.get(i).isBlank(); i++) {
            rows.add(lines.get(i));
        }
        assertThat(rows).hasSize(5);
        List<Integer> headerEnds = TableColumns.ends(lines.get(header));
        for (String row : rows) {
            assertThat(row).hasSameSizeAs(lines.get(header).stripTrailing());
            assertThat(headerEnds).as(row).containsAll(TableColumns.ends(row));
        }
    }

    /** Lists the control characters in a file other than line feeds, as code points. */
    private static List<Integer> controlCharacters(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8).chars()
                .filter(c -> (c < 0x20 && c != '\n') || c == 0x7f || (c >= 0x80 && c < 0xa0))
                .boxed().collect(Collectors.toList());
    }

    private static String quote(List<String> command) {
        return command.stream().map(part -> "'" + part.replace("'", "'\\''") + "'")
                .collect(Collectors.joining(" "));
    }

    /** A tmux server of its own, so the test never touches a user's sessions. */
    private static final class Tmux {
        private final Path tmux;
        private final String socket;

        Tmux(Path tmux, String socket) {
            this.tmux = tmux;
            this.socket = socket;
        }

        void start(int columns, int rows) throws Exception {
            run("new-session", "-d", "-s", "test", "-x", Integer.toString(columns), "-y",
                    Integer.toString(rows), "bash --norc --noprofile");
        }

        void type(String command) throws Exception {
            run("send-keys", "-t", "test", command, "Enter");
        }

        /** Polls the visible screen until it matches, failing after the test's limit. */
        String waitFor(java.util.function.Predicate<String> condition) throws Exception {
            long end = System.nanoTime() + LIMIT.toNanos();
            String screen = "";
            while (System.nanoTime() < end) {
                screen = run("capture-pane", "-p", "-t", "test");
                if (condition.test(screen)) {
                    return screen;
                }
                Thread.sleep(100);
            }
            throw new AssertionError("screen did not match within " + LIMIT + ":\n" + screen);
        }

        void stop() throws Exception {
            run("kill-server");
        }

        private String run(String... args) throws Exception {
            List<String> command = new ArrayList<>(List.of(tmux.toString(), "-L", socket));
            command.addAll(List.of(args));
            ExternalTool.Run run = ExternalTool.run(command, Duration.ofSeconds(10));
            if (run.status() != 0 && !args[0].equals("kill-server")) {
                throw new IllegalStateException("tmux " + args[0] + " failed: " + run.output());
            }
            return run.output();
        }
    }
}
