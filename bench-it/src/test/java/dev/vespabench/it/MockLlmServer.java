package dev.vespabench.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The third-party OpenAI-compatible server {@code @dwmkerr/mock-llm} from the npm registry,
 * installed under {@code target/} on first use and started on 127.0.0.1. By default it echoes
 * the last chat message back, with {@code finish_reason} {@code stop} and no {@code usage}.
 *
 * <p>The server is installed and started by the test itself, so {@code ./mvnw verify} runs it
 * on any machine with Node.js, npm and access to the npm registry. Without npm the test fails
 * with a message saying what to install, rather than being skipped.
 */
final class MockLlmServer implements AutoCloseable {

    /** The package and version, pinned so that a new release cannot change the test. */
    static final String PACKAGE = "@dwmkerr/mock-llm@0.1.29";

    private static final Path INSTALL = Path.of("target", "mock-llm");
    private static final Path MAIN =
            INSTALL.resolve("node_modules/@dwmkerr/mock-llm/dist/main.js");
    private static final Duration INSTALL_LIMIT = Duration.ofMinutes(3);
    private static final Duration START_LIMIT = Duration.ofSeconds(30);

    private final Process process;
    private final int port;
    private final List<String> output;

    private MockLlmServer(Process process, int port, List<String> output) {
        this.process = process;
        this.port = port;
        this.output = output;
    }

    /**
     * Installs the server if needed and starts it on a free port of 127.0.0.1.
     *
     * @param workDirectory an empty directory for the server's configuration file
     * @return the running server
     */
    static MockLlmServer start(Path workDirectory) throws IOException, InterruptedException {
        install();
        int port = freePort();
        ProcessBuilder builder = new ProcessBuilder(command("node"),
                MAIN.toAbsolutePath().toString())
                .directory(workDirectory.toFile())
                .redirectErrorStream(true);
        builder.environment().put("HOST", "127.0.0.1");
        builder.environment().put("PORT", Integer.toString(port));
        Process process = builder.start();
        List<String> output = new ArrayList<>();
        BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        Thread pump = new Thread(() -> {
            try {
                String line;
                while ((line = reader.readLine()) != null) {
                    synchronized (output) {
                        output.add(line);
                        output.notifyAll();
                    }
                }
            } catch (IOException e) {
                // The process ended; its output so far is kept.
            }
        }, "mock-llm-output");
        pump.setDaemon(true);
        pump.start();

        MockLlmServer server = new MockLlmServer(process, port, output);
        server.awaitRunning();
        return server;
    }

    /** Returns the base URL, such as {@code http://127.0.0.1:41234}. */
    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void awaitRunning() throws InterruptedException {
        long end = System.nanoTime() + START_LIMIT.toNanos();
        synchronized (output) {
            while (output.stream().noneMatch(line -> line.contains("server running on"))) {
                long left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime());
                if (left <= 0 || !process.isAlive()) {
                    process.destroyForcibly();
                    throw new IllegalStateException(PACKAGE + " did not start within "
                            + START_LIMIT.toSeconds() + " s; its output: " + output);
                }
                output.wait(Math.min(left, 200));
            }
        }
    }

    private static synchronized void install() throws IOException, InterruptedException {
        if (Files.isRegularFile(MAIN)) {
            return;
        }
        Files.createDirectories(INSTALL);
        Process npm = new ProcessBuilder(command("npm"), "install", "--prefix",
                INSTALL.toAbsolutePath().toString(), "--no-audit", "--no-fund",
                "--loglevel=error", PACKAGE)
                .redirectErrorStream(true)
                .start();
        String log = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!npm.waitFor(INSTALL_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
            npm.destroyForcibly();
            throw new IllegalStateException("npm install " + PACKAGE + " did not finish within "
                    + INSTALL_LIMIT.toMinutes() + " min");
        }
        if (npm.exitValue() != 0 || !Files.isRegularFile(MAIN)) {
            throw new IllegalStateException("npm install " + PACKAGE + " failed with exit status "
                    + npm.exitValue() + ": " + log.strip());
        }
    }

    /** Returns the path of a program on the PATH, or fails saying what to install. */
    private static String command(String name) {
        for (String directory : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path candidate = Path.of(directory.isEmpty() ? "." : directory, name);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new IllegalStateException(name + " not found on the PATH: the third-party server"
                + " test needs Node.js and npm (Debian: apt-get install nodejs npm)");
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1", e);
        }
    }
}
