package dev.vespabench.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompletionCommandTest {

    @TempDir
    Path dir;

    @Test
    void scriptRegistersCompletionFunction() {
        CliRunner.Result result = CliRunner.run(Map.of(), "completion");

        assertThat(result.status()).isZero();
        assertThat(result.out()).contains("complete -F _complete_vespa-bench");
        assertThat(result.out()).contains("simulate", "completion", "--report", "--output");
    }

    @Test
    void bashCompletesSubcommandsAndOptions() throws Exception {
        Optional<Path> bash = ExternalTool.find("bash");
        assumeTrue(bash.isPresent(), "bash is not installed");
        Path script = dir.resolve("vespa-bench.bash");
        Files.writeString(script, CliRunner.run(Map.of(), "completion").out());

        String subcommands = complete(bash.get(), script, "vespa-bench", "s");
        String options = complete(bash.get(), script, "vespa-bench", "run", "--rep");

        assertThat(subcommands.lines()).containsExactly("simulate");
        assertThat(options.lines()).containsExactly("--report");
    }

    @Test
    void bashCompletesOptionValuesAndBackends() throws Exception {
        Optional<Path> bash = ExternalTool.find("bash");
        assumeTrue(bash.isPresent(), "bash is not installed");
        Path script = dir.resolve("vespa-bench.bash");
        Files.writeString(script, CliRunner.run(Map.of(), "completion").out());

        String strategies = complete(bash.get(), script, "vespa-bench", "run", "--strategy", "s");
        String arrivals = complete(bash.get(), script, "vespa-bench", "run", "--arrivals", "p");
        String backends = complete(bash.get(), script, "vespa-bench", "run", "open");
        String demoBackends = complete(bash.get(), script, "vespa-bench", "demo", "--backend",
                "o");
        String demoStrategies = complete(bash.get(), script, "vespa-bench", "demo",
                "--strategy", "c");

        assertThat(strategies.lines()).containsExactly("steady");
        assertThat(arrivals.lines()).containsExactly("poisson");
        assertThat(backends.lines()).containsExactly("openai", "openai-chat");
        assertThat(demoBackends.lines()).containsExactly("openai", "openai-chat");
        assertThat(demoStrategies.lines()).containsExactly("capacity");
    }

    /** Calls the completion function as bash does on Tab, and returns the candidates. */
    private static String complete(Path bash, Path script, String... words) throws Exception {
        String line = String.join(" ", words);
        String program = "source '" + script + "' 2>/dev/null\n"
                + "COMP_WORDS=(" + line + ")\n"
                + "COMP_CWORD=" + (words.length - 1) + "\n"
                + "COMP_LINE='" + line + "'\n"
                + "COMP_POINT=${#COMP_LINE}\n"
                + "_complete_vespa-bench vespa-bench '" + words[words.length - 1] + "' '"
                + words[words.length - 2] + "' 2>/dev/null\n"
                + "printf '%s\\n' \"${COMPREPLY[@]}\"\n";

        ExternalTool.Run run = ExternalTool.run(List.of(bash.toString(), "--norc", "-c",
                program), Duration.ofSeconds(20));

        assertThat(run.status()).as(run.output()).isZero();
        return run.output();
    }
}
