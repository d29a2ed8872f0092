package dev.vespabench.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Finds programs on the PATH and runs them with a time limit, for tests that need them. */
final class ExternalTool {

    private ExternalTool() {
    }

    /**
     * Finds the first of the given program names on the PATH.
     *
     * @param names the candidate names, in order of preference
     * @return the executable, or empty when none is installed
     */
    static Optional<Path> find(String... names) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String name : names) {
            for (String directory : path.split(File.pathSeparator)) {
                Path candidate = Path.of(directory, name);
                if (Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Runs a command to its end, killing it at the time limit.
     *
     * @param command the program and its arguments
     * @param limit the time limit
     * @return the exit status and the combined standard output and error
     * @throws IllegalStateException when the command runs past the limit
     */
    static Run run(List<String> command, Duration limit) throws IOException,
            InterruptedException {
        Path output = Files.createTempFile("vespa-bench-tool", ".log");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new IllegalStateException(command.get(0) + " ran longer than " + limit
                        + ": " + Files.readString(output, StandardCharsets.UTF_8));
            }
            return new Run(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /**
     * A finished command.
     *
     * @param status the exit status
     * @param output its standard output and error, interleaved
     */
    record Run(int status, String output) {
    }
}
