package dev.vespabench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vespabench.sim.Fault;
import dev.vespabench.sim.FaultConfig;
import dev.vespabench.sim.SimulatedServer;
import dev.vespabench.sim.Simulator;
import dev.vespabench.sim.SimulatorConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VespaBenchTest {

    private static SimulatedServer server;

    @TempDir
    Path dir;

    @BeforeAll
    static void startSimulator() {
        server = Simulator.start(SimulatorConfig.builder().slots(64).baseStepMillis(2.0)
                .perSequenceStepMillis(0.1).maxOutputTokens(40).build());
    }

    @AfterAll
    static void stopSimulator() {
        server.close();
    }

    @Test
    void listShowsBackendsWithAliases() {
        Result result = cli(Map.of(), "list");

        assertThat(result.status).isZero();
        assertThat(result.out).contains("openai ", "openai-chat ", "benchmarks.openai:benchmark");
    }

    @Test
    void subcommandsPrintTheVersion() {
        for (String command : List.of("run", "demo", "simulate", "list", "completion")) {
            Result result = cli(Map.of(), command, "--version");

            assertThat(result.status).as(command).isZero();
            assertThat(result.out).as(command).startsWith("vespa-bench ");
        }
    }

    @Test
    void failedStandardOutputIsAnError() {
        Writer full = new Writer() {
            @Override
            public void write(char[] buffer, int offset, int length) throws IOException {
                throw new IOException("No space left on device");
            }

            @Override
            public void flush() throws IOException {
                throw new IOException("No space left on device");
            }

            @Override
            public void close() {
            }
        };
        StringWriter err = new StringWriter();

        int status = VespaBench.execute(new String[] {"list"}, new HashMap<>(),
                new PrintWriter(full), new PrintWriter(err));

        assertThat(status).isEqualTo(3);
        assertThat(err.toString()).contains("failed to write the result to standard output");
    }

    @Test
    void runMeasuresAndWritesCache() throws Exception {
        Path cache = dir.resolve(".has_benchmark");

        Result result = cli(Map.of(), "run", "openai-chat", "--url", server.baseUrl(),
                "--runs", "2", "-c", "4", "--cache-file", cache.toString());

        assertThat(result.status).as(result.err).isZero();
        assertThat(result.out).contains("result ", "workload/s", "model     sim-model");
        List<String> lines = Files.readAllLines(cache);
        assertThat(Double.parseDouble(lines.get(0))).isPositive();
        assertThat(lines).contains("backend=openai-chat", "model=sim-model");
    }

    @Test
    void secondRunReadsCacheAndForceMeasures() throws Exception {
        Path cache = dir.resolve("cache");
        Files.writeString(cache, "123.5\n");

        Result cached = cli(Map.of(), "run", "openai", "--url", server.baseUrl(),
                "--cache-file", cache.toString());
        Result forced = cli(Map.of(), "run", "openai", "--url", server.baseUrl(), "--runs", "1",
                "--cache-file", cache.toString(), "--force");

        assertThat(cached.status).isZero();
        assertThat(cached.out).contains("123.50 workload/s (cached in");
        assertThat(forced.status).as(forced.err).isZero();
        assertThat(Files.readAllLines(cache).get(0)).isNotEqualTo("123.5");
    }

    @Test
    void cacheIsReusedOnlyWhenFingerprintMatches() throws Exception {
        Path cache = dir.resolve("cache");
        String[] first = {"run", "openai", "--url", server.baseUrl(), "--runs", "1", "-c", "2",
                "--cache-file", cache.toString(), "-o", "max-tokens=30"};
        cli(Map.of(), first);
        Files.writeString(cache, Files.readString(cache).replaceFirst("^[0-9.]+", "77.5"));

        Result same = cli(Map.of(), first);
        Result changed = cli(Map.of(), "run", "openai", "--url", server.baseUrl(), "--runs", "1",
                "-c", "3", "--cache-file", cache.toString(), "-o", "max-tokens=30");

        assertThat(same.out).contains("77.50 workload/s (cached in");
        assertThat(changed.status).as(changed.err).isZero();
        assertThat(changed.out).doesNotContain("cached in");
        assertThat(Files.readAllLines(cache))
                .contains("strategy_settings=runs:1,concurrency:3", "options=max-tokens:30");
        assertThat(Files.readAllLines(cache).get(0)).isNotEqualTo("77.5");
    }

    @Test
    void cacheIsNotReusedWithOtherRetries() throws Exception {
        Path cache = dir.resolve("cache");
        String[] withoutRetries = {"run", "openai", "--url", server.baseUrl(), "--runs", "1",
                "-c", "2", "--cache-file", cache.toString()};
        cli(Map.of(), withoutRetries);
        Files.writeString(cache, Files.readString(cache).replaceFirst("^[0-9.]+", "77.5"));

        Result withRetries = cli(Map.of(), "run", "openai", "--url", server.baseUrl(), "--runs",
                "1", "-c", "2", "--cache-file", cache.toString(), "--retries", "2");

        assertThat(withRetries.status).as(withRetries.err).isZero();
        assertThat(withRetries.out).doesNotContain("cached in");
        assertThat(Files.readAllLines(cache)).contains("retries=2");
        assertThat(Files.readAllLines(cache).get(0)).isNotEqualTo("77.5");
    }

    @Test
    void unreliableFigureKeepsItsMarkInTheCache() throws Exception {
        Path cache = dir.resolve("cache");
        FaultConfig faults = FaultConfig.builder().seed(3).rate(Fault.SERVER_ERROR, 0.6).build();
        try (SimulatedServer failing = Simulator.start(SimulatorConfig.builder().slots(64)
                .baseStepMillis(2.0).perSequenceStepMillis(0.1).maxOutputTokens(40)
                .faults(faults).build())) {
            String[] args = {"run", "openai", "--url", failing.baseUrl(), "--runs", "2", "-c",
                "10", "--no-warmup", "--cache-file", cache.toString()};

            Result measured = cli(Map.of(), args);
            Result cached = cli(Map.of(), args);

            assertThat(measured.status).as(measured.err).isZero();
            assertThat(measured.out).contains("so the figure is unreliable", "warning   ");
            assertThat(Files.readAllLines(cache)).contains("unreliable=true");
            assertThat(cached.out).contains("(cached in", "more than 10% of the requests failed");
        }
    }

    @Test
    void estimatedFigureKeepsItsMarkInTheCache() throws Exception {
        Path cache = dir.resolve("cache");
        try (SimulatedServer noUsage = Simulator.start(SimulatorConfig.builder().slots(64)
                .baseStepMillis(2.0).perSequenceStepMillis(0.1).maxOutputTokens(40)
                .includeUsage(false).build())) {
            String[] args = {"run", "openai", "--url", noUsage.baseUrl(), "--runs", "1", "-c",
                "2", "--cache-file", cache.toString()};

            Result measured = cli(Map.of(), args);
            Result cached = cli(Map.of(), args);

            assertThat(measured.status).as(measured.err).isZero();
            assertThat(measured.out).contains("workload  estimated");
            assertThat(Files.readAllLines(cache)).contains("workload_estimated=true");
            assertThat(cached.out).contains("(cached in", "their workload was estimated");
        }
    }

    @Test
    void cachedJsonSaysCached() throws Exception {
        Path cache = dir.resolve("cache");
        Files.writeString(cache, "88\n");

        Result result = cli(Map.of(), "run", "openai", "--url", server.baseUrl(),
                "--cache-file", cache.toString(), "--json");

        JsonNode json = new ObjectMapper().readTree(result.out);
        assertThat(json.get("status").asText()).isEqualTo("cached");
        assertThat(json.get("value").asDouble()).isEqualTo(88.0);
    }

    @Test
    void corruptCacheIsReportedAndReplaced() throws Exception {
        Path cache = dir.resolve("cache");
        Files.writeString(cache, "garbage\n");

        Result result = cli(Map.of(), "run", "openai", "--url", server.baseUrl(), "--runs", "1",
                "--cache-file", cache.toString());

        assertThat(result.status).as(result.err).isZero();
        assertThat(Double.parseDouble(Files.readAllLines(cache).get(0))).isPositive();
        assertThat(dir.resolve("cache.invalid")).hasContent("garbage");
    }

    @Test
    void urlWithEndpointPathIsRejected() {
        Result openai = cli(Map.of(), "run", "openai", "--url", server.baseUrl() + "/v1/",
                "--no-cache");
        Result tgi = cli(Map.of(), "run", "tgi", "--url", server.baseUrl() + "/generate",
                "--no-cache");

        assertUsageError(openai, "--url " + server.baseUrl() + "/v1 ends with /v1, which the"
                + " openai backend adds itself (it requests /v1/completions); pass --url "
                + server.baseUrl());
        assertUsageError(tgi, "ends with /generate, which the tgi backend adds itself");
        Result chat = cli(Map.of(), "run", "openai-chat", "--url",
                server.baseUrl() + "/v1/chat/completions", "--no-cache");
        assertUsageError(chat, "ends with /v1/chat/completions, which the openai-chat backend"
                + " adds itself (it requests /v1/chat/completions); pass --url "
                + server.baseUrl());
    }

    @Test
    void outputFilesMustDiffer() {
        Path same = dir.resolve("same");

        Result reportAndOutput = cli(Map.of(), "run", "openai", "--url", server.baseUrl(),
                "--no-cache", "--output", same.toString(), "--report", same.toString());
        Result outputAndCache = cli(Map.of(), "run", "openai", "--url", server.baseUrl(),
                "--cache-file", same.toString(), "--output", same.toString());

        assertUsageError(reportAndOutput, "--output and --report name the same file");
        assertUsageError(outputAndCache, "--output names the cache file");
        assertThat(same).doesNotExist();
    }

    @Test
    void nonCachePathIsRejectedBeforeMeasuring() throws Exception {
        Path directory = Files.createDirectory(dir.resolve("a-directory"));
        Path binary = dir.resolve("binary");
        byte[] bytes = {(byte) 0xff, (byte) 0xfe, 0, 1, 2};
        Files.write(binary, bytes);
        long before = server.generationRequests();

        Result forced = cli(Map.of(), "run", "openai", "--url", server.baseUrl(), "--runs", "1",
                "--cache-file", directory.toString(), "--force");
        Result notText = cli(Map.of(), "run", "openai", "--url", server.baseUrl(), "--runs",
                "1", "--cache-file", binary.toString());

        assertUsageError(forced, "cache file " + directory + " is a directory; pass"
                + " --cache-file with another path, or --no-cache");
        assertUsageError(notText, "is not UTF-8 text, so it is not a benchmark cache");
        assertThat(Files.readAllBytes(binary)).isEqualTo(bytes);
        assertThat(server.generationRequests()).as("requests sent").isEqualTo(before);
    }

    @Test
    void oldEnvironmentVariablesSelectBackendAndUrl() {
        Map<String, String> env = Map.of("VESPA_BENCHMARK", "benchmarks.openai_chat:benchmark",
                "VESPA_BACKEND_URL", server.baseUrl(), "MODEL_NAME", "sim-model",
                "VESPA_BENCHMARK_CACHE_FILE", dir.resolve("env-cache").toString());

        Result result = cli(env, "run", "--runs", "1", "-c", "2");

        assertThat(result.status).as(result.err).isZero();
        assertThat(result.out).contains("backend   openai-chat");
        assertThat(dir.resolve("env-cache")).exists();
    }

    @Test
    void tgiRunsByNameAndByOldAlias() {
        Result byName = cli(Map.of(), "run", "tgi", "--url", server.baseUrl(), "--runs", "1",
                "-c", "2", "--no-cache");
        Result byAlias = cli(Map.of("VESPA_BENCHMARK", "benchmarks.tgi:benchmark",
                "VESPA_BACKEND_URL", server.baseUrl()), "run", "--runs", "1", "-c", "2",
                "--no-cache");

        assertThat(byName.status).as(byName.err).isZero();
        assertThat(byName.out).contains("backend   tgi", "model     sim-model");
        assertThat(byAlias.status).as(byAlias.err).isZero();
        assertThat(byAlias.out).contains("backend   tgi");
    }

    @Test
    void jsonPrintsOneDocument() throws Exception {
        Result result = cli(Map.of(), "run", "openai", "--url", server.baseUrl(), "--runs", "2",
                "-c", "3", "--no-cache", "--json");

        JsonNode json = new ObjectMapper().readTree(result.out);
        assertThat(result.status).isZero();
        assertThat(json.get("schema").asText()).isEqualTo(ResultDocument.SCHEMA);
        assertThat(json.get("status").asText()).isEqualTo("measured");
        assertThat(json.get("runs")).hasSize(2);
        assertThat(json.get("runs").get(0).get("requests").asInt()).isEqualTo(3);
        assertThat(json.get("value").asDouble()).isPositive();
    }

    @Test
    void unreachableServerFallsBackWithoutCaching() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path cache = dir.resolve("cache");

        Result result = cli(Map.of(), "run", "openai", "--url", "http://127.0.0.1:" + port,
                "--startup-timeout", "0.5", "--cache-file", cache.toString());

        assertThat(result.status).isEqualTo(ExitCodes.FALLBACK);
        assertThat(result.out).contains("result    1.0 (FALLBACK: backend at http://127.0.0.1:"
                + port + "/v1/models did not answer");
        assertThat(cache).doesNotExist();
    }

    @Test
    void undiscoveredModelIsNotReported() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port;

        Result human = cli(Map.of(), "run", "openai-chat", "--url", url, "--startup-timeout",
                "0.5", "--no-cache");
        Result json = cli(Map.of(), "run", "openai-chat", "--url", url, "--startup-timeout",
                "0.5", "--no-cache", "--json");

        assertThat(human.status).isEqualTo(ExitCodes.FALLBACK);
        assertThat(human.out).as("no model line").doesNotContain("model     ");
        JsonNode document = new ObjectMapper().readTree(json.out);
        assertThat(document.get("backend").get("model").asText()).isEmpty();
    }

    @Test
    void usageErrorsExitWithTwo() {
        assertUsageError(cli(Map.of(), "run"), "no backend");
        assertUsageError(cli(Map.of(), "run", "openai"), "no backend URL");
        assertUsageError(cli(Map.of(), "run", "nope", "--url", "http://127.0.0.1:1"),
                "unknown backend 'nope'; known backends: ");
        assertUsageError(cli(Map.of(), "run", "openai", "--url", "ftp://host"),
                "invalid URL 'ftp://host'");
        assertUsageError(cli(Map.of(), "run", "openai", "--url", "127.0.0.1:8000"),
                "invalid URL '127.0.0.1:8000': it has no scheme; pass http://127.0.0.1:8000");
        assertUsageError(cli(Map.of(), "run", "openai", "--url", "http://127.0.0.1:abc"),
                "invalid URL 'http://127.0.0.1:abc': the port 'abc' is not a number from 1 to"
                        + " 65535");
        assertUsageError(cli(Map.of(), "run", "openai", "--url", "http://127.0.0.1:"),
                "invalid URL 'http://127.0.0.1:': the port after ':' is empty");
        assertUsageError(cli(Map.of(), "run", "openai", "--url", "http://my_host:8000"),
                "invalid URL 'http://my_host:8000': the host 'my_host' is not a valid host name");
        assertUsageError(cli(Map.of(), "run", "openai", "--url", "http://127.0.0.1:1",
                "--cache-file", ""), "invalid --cache-file '': the path is empty; name a file"
                        + " such as .has_benchmark, or pass --no-cache");
        assertUsageError(cli(Map.of(), "run", "openai", "--url", "http://127.0.0.1:1",
                "--no-cache", "--output", ""), "invalid --output '': the path is empty");
        assertUsageError(cli(Map.of(), "run", "openai", "--url", "http://127.0.0.1:1",
                "--no-cache", "--report", ""), "invalid --report '': the path is empty");
        assertUsageError(cli(Map.of(), "run", "openai", "--url", "http://127.0.0.1:1",
                "--runs", "0"), "invalid --runs 0");
        assertUsageError(cli(Map.of(), "run", "openai", "--url", "http://127.0.0.1:1",
                "--request-timeout", "-1"), "invalid --request-timeout -1.0");
        assertUsageError(cli(Map.of(), "run", "openai", "--url", "http://127.0.0.1:1",
                "-o", "bogus=1"), "bogus");
        assertUsageError(cli(Map.of(), "run", "openai", "--url", "http://127.0.0.1:1",
                "-o", "nokey"), "invalid -o 'nokey': expected KEY=VALUE, such as"
                        + " -o max-tokens=256");
        assertUsageError(cli(Map.of(), "run", "openai", "--url", "http://127.0.0.1:1",
                "-o", "=5"), "invalid -o '=5': expected KEY=VALUE");
        assertUsageError(cli(Map.of(), "run", "openai", "--url", "http://127.0.0.1:1",
                "-o", "max-tokens="), "invalid -o 'max-tokens=': the value is empty");
        assertUsageError(cli(Map.of(), "run", "openai", "--url", "http://127.0.0.1:1",
                "--model", ""), "invalid --model '': the name is empty");
        assertUsageError(cli(Map.of(), "run", "openai", "--url", "http://127.0.0.1:1",
                "-o", "stream=true", "-o", "stream=false"), "-o stream is given twice, as"
                        + " stream=true and stream=false; pass it once");
        assertUsageError(cli(Map.of(), "run", "openai", "--url", "http://127.0.0.1:1",
                "--model", "a", "-o", "model=b"), "--model a and -o model=b both set the model");
        assertUsageError(cli(Map.of(), "demo", "-o", "max-tokens=20", "-o", "max-tokens=20"),
                "-o max-tokens is given twice");
        assertUsageError(cli(Map.of(), "run", "openai", "--runs", "many"), "'many'");
    }

    @Test
    void apiKeyFromFileNeverReachesOutput() throws Exception {
        String key = "sk-planted-4f1c9a";
        Path keyFile = dir.resolve("key");
        Files.writeString(keyFile, key + "\n");
        Path cache = dir.resolve("cache");

        Result result = cli(Map.of(), "run", "openai", "--url", server.baseUrl(), "--runs", "1",
                "--api-key-file", keyFile.toString(), "--cache-file", cache.toString(), "-v");

        assertThat(result.status).as(result.err).isZero();
        assertThat(result.out).doesNotContain(key);
        assertThat(result.err).doesNotContain(key);
        assertThat(Files.readString(cache)).doesNotContain(key);
    }

    @Test
    void demoPrintsMeasuredBesideAnalytic() {
        Result result = cli(Map.of(), "demo", "--runs", "1", "-c", "4", "--base-ms", "1",
                "--per-seq-ms", "0.05", "-q");

        assertThat(result.status).as(result.err).isZero();
        assertThat(result.out).contains("analytic ", "tokens/s for a burst of 4");
    }

    @Test
    void demoTakesBackendOptionsAndSeed() {
        Result help = cli(Map.of(), "demo", "--help");
        Result result = cli(Map.of(), "demo", "--strategy", "rate", "--rate", "20",
                "--duration", "1", "--arrivals", "poisson", "--seed", "7", "-o", "stream=true",
                "-o", "max-tokens=20", "--base-ms", "1", "--per-seq-ms", "0.05", "-q");

        assertThat(help.out).contains("--seed=N", "-o, --option=KEY=VALUE");
        assertThat(result.status).as(result.err).isZero();
        assertThat(result.out).as("streamed").contains("ttft ");
        assertThat(result.out).contains("arrivals  ", "(poisson)");
    }

    @Test
    void demoCapacityBelowSlotsUsesReachableFigure() {
        Result result = cli(Map.of(), "demo", "--strategy", "capacity", "--max-concurrency", "2",
                "--slots", "8", "--base-ms", "2", "--per-seq-ms", "0.1", "-o", "stream=true",
                "-o", "max-tokens=20", "-q");

        assertThat(result.status).as(result.err).isZero();
        assertThat(result.out).contains("tokens/s at --max-concurrency 2 (measured");
    }

    @Test
    void demoComparesWavesWithTheBurstFigure() {
        // 10 requests on 8 slots run in two waves, a third below the steady-state figure.
        Result result = cli(Map.of(), "demo", "--runs", "2", "-c", "10", "--slots", "8",
                "--base-ms", "2", "--per-seq-ms", "0.1", "-q");

        assertThat(result.status).as(result.err).isZero();
        Matcher matcher = Pattern.compile("for a burst of 10 \\(measured ([-+][0-9.]+)%\\)")
                .matcher(result.out);
        assertThat(matcher.find()).as(result.out).isTrue();
        assertThat(Double.parseDouble(matcher.group(1))).isBetween(-15.0, 5.0);
    }

    private static void assertUsageError(Result result, String message) {
        assertThat(result.status).as(result.err).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err).contains(message);
        assertThat(result.err).doesNotContain("Exception", "\tat ");
    }

    private static Result cli(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = VespaBench.execute(args, new HashMap<>(env), new PrintWriter(out),
                new PrintWriter(err));
        return new Result(status, out.toString(), err.toString());
    }

    private record Result(int status, String out, String err) {
    }
}
