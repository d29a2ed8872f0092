package com.example.echo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vespabench.api.HttpResponseData;
import dev.vespabench.api.Outcome;
import dev.vespabench.cli.VespaBench;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/** Runs the example through the real command-line tool against a JSON echo server. */
class EchoBackendTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static DisposableServer server;

    @BeforeAll
    static void startEchoServer() {
        server = HttpServer.create().host("127.0.0.1").port(0)
                .route(routes -> routes
                        .get("/health", (request, response) -> response.send())
                        .post("/echo", (request, response) -> response
                                .header("Content-Type", "application/json")
                                .sendString(request.receive().aggregate().asString()
                                        .map(EchoBackendTest::echo)
                                        // Each request takes about 20 ms, like a small model's.
                                        .delayElement(Duration.ofMillis(20)))))
                .bindNow(Duration.ofSeconds(10));
    }

    @AfterAll
    static void stopEchoServer() {
        server.disposeNow(Duration.ofSeconds(10));
    }

    @Test
    void runFindsBackendThroughServiceLoader() throws Exception {
        Result result = cli(Map.of(), "run", "echo", "--url", url(), "--runs", "2", "-c", "4",
                "-o", "words=25", "--no-cache", "--json", "-q");

        assertThat(result.status).as(result.err).isZero();
        JsonNode json = JSON.readTree(result.out);
        assertThat(json.get("backend").get("name").asText()).isEqualTo("echo");
        assertThat(json.get("runs")).hasSize(2);
        assertThat(json.get("runs").get(0).get("workload").asDouble()).isEqualTo(100.0);
        // Four requests of 25 words in a wave of a little over 20 ms: at most 5000 words/s.
        assertThat(json.get("value").asDouble()).isBetween(100.0, 5000.0);
    }

    @Test
    void runFindsBackendByClassName() throws Exception {
        Map<String, String> env = Map.of(
                "VESPA_BENCHMARK", EchoBackendProvider.class.getName(),
                "VESPA_BACKEND_URL", url());

        Result result = cli(env, "run", "--runs", "1", "--no-cache", "--json", "-q");

        assertThat(result.status).as(result.err).isZero();
        JsonNode json = JSON.readTree(result.out);
        assertThat(json.get("status").asText()).isEqualTo("measured");
        assertThat(json.get("settings").get("concurrency").asInt())
                .as("the backend's own default").isEqualTo(4);
    }

    @Test
    void listShowsExampleBackend() {
        Result result = cli(Map.of(), "list");

        assertThat(result.out).contains("echo", "Example JSON echo API");
    }

    @Test
    void unexpectedBodyIsFailureWithCause() {
        HttpResponseData response = new HttpResponseData(200, Map.of(),
                "{\"error\": \"busy\"}".getBytes(StandardCharsets.UTF_8));

        Outcome outcome = EchoBackend.read(response);

        assertThat(outcome).isInstanceOf(Outcome.Failed.class);
        assertThat(((Outcome.Failed) outcome).cause()).isEqualTo("unreadable_body:no_echo");
    }

    private static String echo(String body) {
        try {
            String text = JSON.readTree(body).get("text").asText();
            return JSON.createObjectNode().put("echo", text).toString();
        } catch (Exception e) {
            throw new IllegalArgumentException("invalid request body: " + body, e);
        }
    }

    private static String url() {
        return "http://127.0.0.1:" + server.port();
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
