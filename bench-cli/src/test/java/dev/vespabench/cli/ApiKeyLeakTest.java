package dev.vespabench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.vespabench.sim.Fault;
import dev.vespabench.sim.FaultConfig;
import dev.vespabench.sim.SimulatedServer;
import dev.vespabench.sim.Simulator;
import dev.vespabench.sim.SimulatorConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plants API keys in runs of the tool as a separate process, with verbose logging, output
 * files, a cache file and failed requests, and searches everything the runs printed or wrote
 * for the keys. It also checks that each key reached its server, so that the search cannot
 * pass because no key was sent.
 */
class ApiKeyLeakTest {

    private static final String FILE_KEY = "sk-plantedfile-7f3c9e1d4b";
    private static final String ENV_KEY = "sk-plantedenv-2a8e6f0c5d";
    private static final long LIMIT_SECONDS = 120;

    @TempDir
    Path dir;

    @Test
    void keysReachServersButNoOutput() throws Exception {
        Path keyFile = dir.resolve("key.txt");
        Files.writeString(keyFile, FILE_KEY + "\r\n");
        Path work = Files.createDirectory(dir.resolve("work"));
        // Few enough failures that a run stays reliable, with 429s that --retries repeats.
        FaultConfig faults = FaultConfig.builder().rate(Fault.RATE_LIMITED, 0.2)
                .rate(Fault.SERVER_ERROR, 0.05).rate(Fault.CONNECTION_RESET, 0.03)
                .retryAfterSeconds(0).seed(3).build();
        List<String> echoedAuthorization = new CopyOnWriteArrayList<>();

        int fileRun;
        int envRun;
        String relayed;
        try (SimulatedServer server = Simulator.start(SimulatorConfig.builder()
                        .maxOutputTokens(20).faults(faults).build());
                Relay relay = Relay.plain(server.port())) {
            HttpServer echo = startEchoingServer(echoedAuthorization);
            try {
                fileRun = run(work, "file", Map.of(), "run", "openai", "--url",
                        "http://127.0.0.1:" + relay.port(), "--api-key-file", keyFile.toString(),
                        "-v", "--runs", "4", "-c", "10", "--retries", "5", "--json",
                        "--output", "file.json", "--report", "file.html",
                        "--cache-file", "file-cache");
                envRun = run(work, "env", Map.of(ApiKeys.VARIABLE, ENV_KEY), "run", "openai",
                        "--url", "http://127.0.0.1:" + echo.getAddress().getPort(), "-v",
                        "--runs", "1", "-c", "2", "--output", "env.json", "--report",
                        "env.html", "--cache-file", "env-cache");
            } finally {
                echo.stop(0);
            }
            relayed = relay.requestText().toLowerCase();
            assertThat(server.injectedFaults().values().stream().mapToLong(Long::longValue)
                    .sum()).as("faults injected").isPositive();
        }

        assertThat(fileRun).as(read(work.resolve("file.stderr"))).isEqualTo(ExitCodes.MEASURED);
        assertThat(envRun).as(read(work.resolve("env.stderr"))).isEqualTo(ExitCodes.FALLBACK);
        assertThat(relayed).contains("authorization: bearer " + FILE_KEY.toLowerCase());
        assertThat(echoedAuthorization).contains("Bearer " + ENV_KEY);
        assertThat(read(work.resolve("env.stdout"))).as("the echoed key, masked")
                .contains("Incorrect API key provided: Bearer " + Secrets.MASK);
        assertThat(new ObjectMapper().readTree(read(work.resolve("file.stdout")))
                .get("status").asText()).as("standard output is one JSON document")
                .isEqualTo("measured");
        assertThat(work.resolve("file-cache")).exists();
        List<Path> written = filesUnder(work);
        assertThat(written).extracting(path -> path.getFileName().toString())
                .contains("file.stdout", "file.stderr", "file.json", "file.html", "file-cache",
                        "env.stdout", "env.stderr", "env.json", "env.html");
        for (Path file : written) {
            String text = read(file);
            assertThat(text).as(file.toString()).doesNotContain(FILE_KEY);
            assertThat(text).as(file.toString()).doesNotContain(ENV_KEY);
        }
    }

    /**
     * Starts a server that lists a model but rejects every other request with 401 and an
     * error that quotes the Authorization header, as some servers quote a rejected key.
     */
    private static HttpServer startEchoingServer(List<String> authorization) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(
                InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String header = exchange.getRequestHeaders().getFirst("Authorization");
            authorization.add(header == null ? "" : header);
            try (InputStream body = exchange.getRequestBody()) {
                body.readAllBytes();
            }
            if (exchange.getRequestURI().getPath().equals("/v1/models")) {
                reply(exchange, 200, "{\"object\":\"list\",\"data\":[{\"id\":\"echo-model\","
                        + "\"object\":\"model\"}]}");
            } else {
                reply(exchange, 401, "{\"error\":{\"message\":\"Incorrect API key provided: "
                        + header + "\",\"type\":\"invalid_request_error\"}}");
            }
        });
        server.start();
        return server;
    }

    private static void reply(HttpExchange exchange, int status, String json)
            throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    /** Runs the tool in {@code work} with its standard output and error in files there. */
    private static int run(Path work, String name, Map<String, String> environment,
            String... args) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(ToolProcess.command(args))
                .directory(work.toFile())
                .redirectOutput(work.resolve(name + ".stdout").toFile())
                .redirectError(work.resolve(name + ".stderr").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().remove(ApiKeys.VARIABLE);
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(name + " run did not end within " + LIMIT_SECONDS + " s");
        }
        return process.exitValue();
    }

    private static List<Path> filesUnder(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return new ArrayList<>(files.filter(Files::isRegularFile).toList());
        }
    }

    private static String read(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
    }
}
