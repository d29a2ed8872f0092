package dev.vespabench.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import dev.vespabench.api.BackendOptions;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class BenchmarkTest {

    private static final Duration LIMIT = Duration.ofSeconds(20);

    @Test
    void measuresWorkOverWallTime() {
        try (StubServer server = StubServer.start(routes -> routes
                .get("/health", (req, res) -> res.send())
                .post("/work", (req, res) -> res.sendString(
                        Mono.just("{\"work\": 10}").delayElement(Duration.ofMillis(100)))))) {

            BenchmarkResult result = run(server, new TestBackend(false), builder -> builder
                    .runs(3).concurrency(4));

            assertThat(result.measured()).isTrue();
            assertThat(result.runs()).hasSize(3);
            assertThat(result.requests()).isEqualTo(12);
            assertThat(result.failures()).isEmpty();
            // Four requests of 10 units in one wave of about 100 ms: at most 400 units/s.
            assertThat(result.value()).isBetween(250.0, 400.0);
            assertThat(result.bestRun().orElseThrow().latency().p50()).isGreaterThanOrEqualTo(100);
        }
    }

    @Test
    void waitsUntilHealthAnswers200() {
        AtomicInteger polls = new AtomicInteger();
        try (StubServer server = StubServer.start(routes -> routes
                .get("/health", (req, res) -> polls.incrementAndGet() < 3
                        ? res.status(HttpResponseStatus.SERVICE_UNAVAILABLE).send()
                        : res.send())
                .post("/work", (req, res) -> res.sendString(Mono.just("{\"work\": 5}"))))) {

            BenchmarkResult result = run(server, new TestBackend(false), builder -> builder
                    .healthInterval(Duration.ofMillis(50)).runs(1).concurrency(2));

            assertThat(polls.get()).isEqualTo(3);
            assertThat(result.measured()).isTrue();
        }
    }

    @Test
    void unauthorizedHealthEndsTheWaitAtOnce() {
        try (StubServer server = StubServer.start(routes -> routes
                .get("/health", (req, res) -> res.status(HttpResponseStatus.UNAUTHORIZED)
                        .send()))) {

            BenchmarkResult withoutKey = run(server, new TestBackend(false), builder -> builder
                    .healthInterval(Duration.ofMillis(50)).startupTimeout(Duration.ofSeconds(20)));
            BenchmarkResult withKey = run(server, new TestBackend(false), builder -> builder
                    .healthInterval(Duration.ofMillis(50)).startupTimeout(Duration.ofSeconds(20))
                    .header("Authorization", "Bearer wrong"));

            assertThat(withoutKey.measured()).isFalse();
            assertThat(withoutKey.reason()).contains("answered HTTP status 401: it needs an API"
                    + " key; pass it with --api-key-file or VESPA_API_KEY");
            assertThat(withoutKey.elapsed()).isLessThan(Duration.ofSeconds(10));
            assertThat(withKey.reason()).contains("it did not accept the API key");
        }
    }

    @Test
    void persistentNotFoundEndsTheWaitEarly() {
        try (StubServer server = StubServer.start(routes -> routes
                .get("/health", (req, res) -> res.status(HttpResponseStatus.NOT_FOUND).send()))) {

            BenchmarkResult result = run(server, new TestBackend(false), builder -> builder
                    .healthInterval(Duration.ofMillis(50)).startupTimeout(Duration.ofSeconds(4)));

            assertThat(result.measured()).isFalse();
            assertThat(result.reason()).contains("answered HTTP status 404 for 2 s, so the URL is"
                    + " probably wrong", "adds /health");
            assertThat(result.elapsed()).isLessThan(Duration.ofSeconds(4));
        }
    }

    @Test
    void unhealthyBackendFallsBackWithReason() {
        try (StubServer server = StubServer.start(routes -> routes
                .get("/health", (req, res) -> res.status(HttpResponseStatus.SERVICE_UNAVAILABLE)
                        .send()))) {

            BenchmarkResult result = run(server, new TestBackend(false), builder -> builder
                    .healthInterval(Duration.ofMillis(50)).startupTimeout(Duration.ofMillis(500)));

            assertThat(result.measured()).isFalse();
            assertThat(result.value()).isEqualTo(BenchmarkResult.FALLBACK_VALUE);
            assertThat(result.reason()).contains("/health", "within 0.5 s", "HTTP status 503");
            assertThat(result.runs()).isEmpty();
        }
    }

    @Test
    void failedRequestsAreCountedAndGiveFallback() {
        try (StubServer server = StubServer.start(routes -> routes
                .get("/health", (req, res) -> res.send())
                .post("/work", (req, res) -> res.status(500).sendString(Mono.just("{}"))))) {

            BenchmarkResult result = run(server, new TestBackend(false), builder -> builder
                    .runs(2).concurrency(3));

            assertThat(result.measured()).isFalse();
            assertThat(result.failures()).containsExactly(java.util.Map.entry("http_status:500", 6L));
            assertThat(result.reason()).contains("all 6 requests failed");
            assertThat(result.notes()).anyMatch(note -> note.startsWith("warm-up request failed"));
        }
    }

    @Test
    void hungRequestsTimeOutAndAreCounted() {
        try (StubServer server = StubServer.start(routes -> routes
                .get("/health", (req, res) -> res.send())
                .post("/work", (req, res) -> res.sendString(Mono.never())))) {

            BenchmarkResult result = run(server, new TestBackend(false), builder -> builder
                    .warmup(false).runs(2).concurrency(2).requestTimeout(Duration.ofMillis(300)));

            assertThat(result.failures()).containsEntry("timeout", 4L);
            assertThat(result.elapsed()).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void finishedRequestsReuseConnections() {
        try (StubServer server = StubServer.start(routes -> routes
                .get("/health", (req, res) -> res.send())
                .post("/work", (req, res) -> res.sendString(Mono.just("{\"work\": 1}"))))) {

            BenchmarkResult result = run(server, new TestBackend(false), builder -> builder
                    .runs(4).concurrency(2));

            assertThat(result.requests()).isEqualTo(8);
            // Two requests in flight use at most two event loops. Each loop's pool needs at most
            // two connections, because a request that starts when another finishes is sent
            // before the finished one's connection is back in the pool.
            assertThat(server.connectionsOpened()).isLessThanOrEqualTo(4);
        }
    }

    @Test
    void timedOutRequestsCloseConnections() throws InterruptedException {
        try (StubServer server = StubServer.start(routes -> routes
                .get("/health", (req, res) -> res.send())
                .post("/work", (req, res) -> res.sendString(Mono.never())))) {

            BenchmarkResult result = run(server, new TestBackend(false), builder -> builder
                    .warmup(false).runs(2).concurrency(2).requestTimeout(Duration.ofMillis(300)));

            assertThat(result.failures()).containsEntry("timeout", 4L);
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (server.connectionsClosed() < 4 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(server.connectionsClosed()).isGreaterThanOrEqualTo(4);
        }
    }

    @Test
    void refusedConnectionFailsHealthWait() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        BenchmarkSettings settings = BenchmarkSettings.builder("http://127.0.0.1:" + port)
                .healthInterval(Duration.ofMillis(50)).startupTimeout(Duration.ofMillis(400))
                .build();

        BenchmarkResult result = Benchmark.builder(new TestBackend(false)).settings(settings)
                .build().result().block(LIMIT);

        assertThat(result.measured()).isFalse();
        assertThat(result.reason()).contains("connection failed");
    }

    @Test
    void oversizedBodyIsCountedAsTooLarge() {
        String big = "{\"work\": 1, \"pad\": \"" + "x".repeat(5000) + "\"}";
        try (StubServer server = StubServer.start(routes -> routes
                .get("/health", (req, res) -> res.send())
                .post("/work", (req, res) -> res.sendString(Mono.just(big))))) {

            BenchmarkResult result = run(server, new TestBackend(false), builder -> builder
                    .warmup(false).runs(1).concurrency(2).maxBodyBytes(1024));

            assertThat(result.failures()).containsEntry("body_too_large", 2L);
        }
    }

    @Test
    void redirectIsNotFollowedWithCredentials() {
        AtomicInteger reached = new AtomicInteger();
        List<String> authorizations = new CopyOnWriteArrayList<>();
        try (StubServer other = StubServer.start(routes -> routes
                .route(request -> true, (req, res) -> {
                    reached.incrementAndGet();
                    String authorization = req.requestHeaders().get("Authorization");
                    if (authorization != null) {
                        authorizations.add(authorization);
                    }
                    return res.sendString(Mono.just("{\"work\": 10}"));
                }));
                StubServer server = StubServer.start(routes -> routes
                        .get("/health", (req, res) -> res.send())
                        .post("/work", (req, res) -> res
                                .status(HttpResponseStatus.TEMPORARY_REDIRECT)
                                .header("Location", other.url() + "/work").send()))) {

            BenchmarkResult result = run(server, new TestBackend(false), builder -> builder
                    .warmup(false).runs(1).concurrency(2)
                    .header("Authorization", "Bearer redirect-secret"));

            assertThat(result.measured()).isFalse();
            assertThat(result.failures()).containsEntry("http_status:307", 2L);
            assertThat(reached).as("requests that reached the redirect target").hasValue(0);
            assertThat(authorizations).isEmpty();
        }
    }

    @Test
    void streamRecordsTimeToFirstToken() {
        try (StubServer server = StubServer.start(routes -> routes
                .get("/health", (req, res) -> res.send())
                .post("/stream", (req, res) -> res.header("content-type", "text/event-stream")
                        .sendString(Flux.just("data: a\n\n", "data: b\n\n", "data: {\"done\": 2}\n\n")
                                .delayElements(Duration.ofMillis(40)))))) {

            BenchmarkResult result = run(server, new TestBackend(true), builder -> builder
                    .warmup(false).runs(1).concurrency(2));

            RunResult run = result.runs().get(0);
            assertThat(run.succeeded()).isEqualTo(2);
            assertThat(run.workload()).isEqualTo(4.0);
            assertThat(run.timeToFirstToken().count()).isEqualTo(2);
            assertThat(run.timeToFirstToken().p50()).isBetween(30.0, run.latency().p50());
            // Two token events 40 ms apart per request; the final event carries no token.
            assertThat(run.interTokenLatency().count()).isEqualTo(2);
            assertThat(run.interTokenLatency().p50()).isBetween(30.0, 60.0);
            assertThat(run.timePerOutputToken().count()).isEqualTo(2);
            assertThat(run.timePerOutputToken().p50()).isBetween(60.0, 120.0);
        }
    }

    @Test
    void truncatedStreamIsAFailure() {
        try (StubServer server = StubServer.start(routes -> routes
                .get("/health", (req, res) -> res.send())
                .post("/stream", (req, res) -> res.sendString(Flux.just("data: a\n\n"))))) {

            BenchmarkResult result = run(server, new TestBackend(true), builder -> builder
                    .warmup(false).runs(1).concurrency(1));

            assertThat(result.failures()).containsEntry("unreadable_body:truncated", 1L);
        }
    }

    @Test
    void deadlineStopsMeasurementAndKeepsFinishedRuns() {
        try (StubServer server = StubServer.start(routes -> routes
                .get("/health", (req, res) -> res.send())
                .post("/work", (req, res) -> res.sendString(
                        Mono.just("{\"work\": 1}").delayElement(Duration.ofMillis(300)))))) {

            BenchmarkResult result = run(server, new TestBackend(false), builder -> builder
                    .warmup(false).runs(100).concurrency(1).deadline(Duration.ofMillis(1000)));

            assertThat(result.deadlineReached()).isTrue();
            assertThat(result.runs()).hasSizeBetween(1, 4);
            assertThat(result.measured()).isTrue();
            assertThat(result.elapsed()).isLessThan(Duration.ofSeconds(3));
        }
    }

    @Test
    void stopSignalGivesPartialResultOfFinishedRuns() {
        try (StubServer server = StubServer.start(routes -> routes
                .get("/health", (req, res) -> res.send())
                .post("/work", (req, res) -> res.sendString(
                        Mono.just("{\"work\": 1}").delayElement(Duration.ofMillis(200)))))) {
            BenchmarkSettings settings = BenchmarkSettings.builder(server.url()).warmup(false)
                    .runs(50).concurrency(1).build();

            BenchmarkResult result = Benchmark.builder(new TestBackend(false)).settings(settings)
                    .stopSignal(Mono.delay(Duration.ofMillis(700))).build().result().block(LIMIT);

            assertThat(result.status()).isEqualTo(BenchmarkResult.Status.PARTIAL);
            assertThat(result.measured()).isFalse();
            assertThat(result.runs()).hasSizeBetween(1, 3);
            assertThat(result.value()).isBetween(3.0, 5.5);
            assertThat(result.reason()).startsWith("stopped early after ");
            assertThat(result.elapsed()).isLessThan(Duration.ofSeconds(2));
        }
    }

    @Test
    void concurrencyAboveServerLimitIsNoted() {
        try (StubServer server = StubServer.start(routes -> routes
                .get("/health", (req, res) -> res.send())
                .post("/work", (req, res) -> res.sendString(Mono.just("{\"work\": 1}"))))) {

            BenchmarkResult result = run(server,
                    new TestBackend(false, java.util.OptionalInt.of(2)),
                    builder -> builder.warmup(false).runs(1).concurrency(3));

            assertThat(result.notes()).contains("concurrency 3 exceeds the server's"
                    + " max_concurrent_requests of 2, so the server will reject the excess"
                    + " requests as overloaded; lower --concurrency to at most 2");
        }
    }

    @Test
    void overloadedRequestsAreRetriedAfterRetryAfter() {
        AtomicInteger calls = new AtomicInteger();
        try (StubServer server = StubServer.start(routes -> routes
                .get("/health", (req, res) -> res.send())
                .post("/work", (req, res) -> calls.incrementAndGet() <= 2
                        ? res.status(429).header("Retry-After", "0").sendString(Mono.just("{}"))
                        : res.sendString(Mono.just("{\"work\": 2}"))))) {

            BenchmarkResult result = run(server, new TestBackend(false), builder -> builder
                    .warmup(false).runs(1).concurrency(1).retries(3));

            assertThat(calls.get()).isEqualTo(3);
            assertThat(result.failures()).isEmpty();
            assertThat(result.runs().get(0).workload()).isEqualTo(2.0);
        }
    }

    @Test
    void retriesStopAtTheirLimit() {
        AtomicInteger calls = new AtomicInteger();
        try (StubServer server = StubServer.start(routes -> routes
                .get("/health", (req, res) -> res.send())
                .post("/work", (req, res) -> {
                    calls.incrementAndGet();
                    return res.status(503).header("Retry-After", "0").sendString(Mono.just("{}"));
                }))) {

            BenchmarkResult result = run(server, new TestBackend(false), builder -> builder
                    .warmup(false).runs(1).concurrency(1).retries(2));

            assertThat(calls.get()).isEqualTo(3);
            assertThat(result.failures()).containsEntry("http_status:503", 1L);
        }
    }

    @Test
    void eventsEndWithFinished() {
        try (StubServer server = StubServer.start(routes -> routes
                .get("/health", (req, res) -> res.send())
                .post("/work", (req, res) -> res.sendString(Mono.just("{\"work\": 3}"))))) {
            BenchmarkSettings settings = BenchmarkSettings.builder(server.url()).runs(2)
                    .concurrency(1).build();

            StepVerifier.create(Benchmark.builder(new TestBackend(false)).settings(settings)
                            .build().events())
                    .expectNextMatches(event -> event instanceof BenchmarkEvent.PhaseStarted p
                            && p.phase() == BenchmarkEvent.Phase.HEALTH)
                    .expectNextMatches(event -> event instanceof BenchmarkEvent.PhaseStarted p
                            && p.phase() == BenchmarkEvent.Phase.WARMUP)
                    .expectNextMatches(event -> event instanceof BenchmarkEvent.PhaseStarted p
                            && p.phase() == BenchmarkEvent.Phase.MEASURE)
                    .expectNextMatches(event -> event instanceof BenchmarkEvent.RunFinished)
                    .expectNextMatches(event -> event instanceof BenchmarkEvent.RunFinished)
                    .expectNextMatches(event -> event instanceof BenchmarkEvent.Finished f
                            && f.result().measured())
                    .expectComplete()
                    .verify(LIMIT);
        }
    }

    @Test
    void providerIsFoundByNameAndAlias() {
        Backends backends = Backends.load();

        assertThat(backends.find("TEST-WORK").name()).isEqualTo("test-work");
        assertThat(backends.find("benchmarks.test:benchmark").name()).isEqualTo("test-work");
        assertThat(backends.find("test-work").create(BackendOptions.empty())).isNotNull();
    }

    @Test
    void unknownProviderListsKnownNames() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Backends.load().find("nope"))
                .hasMessage("unknown backend 'nope'; known backends: test-stream, test-work"
                        + " (or the class name of a BackendProvider on the class path)");
    }

    @Test
    void providerIsFoundByClassName() {
        Backends backends = Backends.load();

        assertThat(backends.find("dev.vespabench.core.TestBackend").name()).isEqualTo("test-work");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> backends.find("java.lang.String"))
                .hasMessage("class java.lang.String does not implement"
                        + " dev.vespabench.api.BackendProvider");
    }

    private static BenchmarkResult run(StubServer server, TestBackend backend,
            java.util.function.UnaryOperator<BenchmarkSettings.Builder> settings) {
        BenchmarkSettings built = settings.apply(BenchmarkSettings.builder(server.url())).build();
        return Benchmark.builder(backend).settings(built).build().result().block(LIMIT);
    }
}
