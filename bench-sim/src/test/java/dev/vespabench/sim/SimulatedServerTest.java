package dev.vespabench.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.net.Socket;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;

class SimulatedServerTest {

    /** The outcome of one wave: requests that start together and all finish. */
    private record Wave(long nanos, long tokens) {
        double tokensPerSecond() {
            return tokens * 1e9 / nanos;
        }
    }

    private static Wave runWave(TestClient client, int concurrency, int maxTokens) {
        String body = TestClient.completionBody(maxTokens, false, false);
        long start = System.nanoTime();
        List<CompletableFuture<HttpResponse<String>>> futures = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            futures.add(client.postAsync("/v1/completions", body));
        }
        TestClient.await(CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)));
        long nanos = System.nanoTime() - start;

        long tokens = 0;
        for (CompletableFuture<HttpResponse<String>> future : futures) {
            HttpResponse<String> response = future.join();
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            tokens += TestClient.json(response.body()).path("usage").path("completion_tokens")
                    .asLong();
        }
        return new Wave(nanos, tokens);
    }

    @Test
    void waveMatchesAnalyticThroughput() {
        SimulatorConfig config = SimulatorConfig.builder()
                .slots(64).baseStepMillis(4.0).perSequenceStepMillis(0.1).build();
        try (SimulatedServer server = Simulator.start(config)) {
            TestClient client = new TestClient(server.baseUrl());
            runWave(client, 8, 100);

            // Like the benchmark, keep the best of several runs, which is the least disturbed
            // by other processes on the host.
            double best = 0;
            for (int run = 0; run < 3; run++) {
                Wave wave = runWave(client, 8, 100);
                assertThat(wave.tokens()).isEqualTo(800);
                best = Math.max(best, wave.tokensPerSecond());
            }

            assertThat(server.analyticThroughput(8)).isCloseTo(1666.67, withinPercentage(0.01));
            assertThat(best).isCloseTo(server.analyticThroughput(8), withinPercentage(5));
        }
    }

    @Test
    void saturationQueuesExcessRequests() throws InterruptedException {
        SimulatorConfig config = SimulatorConfig.builder()
                .slots(4).baseStepMillis(4.0).perSequenceStepMillis(0.1).build();
        try (SimulatedServer server = Simulator.start(config)) {
            TestClient client = new TestClient(server.baseUrl());
            runWave(client, 4, 20);

            // The shortest of two waves each, because other processes on the host slow some.
            long fullNanos = Long.MAX_VALUE;
            long saturatedNanos = Long.MAX_VALUE;
            int maxActive = 0;
            int maxQueued = 0;
            for (int run = 0; run < 2; run++) {
                fullNanos = Math.min(fullNanos, runWave(client, 4, 100).nanos());
                CompletableFuture<Wave> saturated =
                        CompletableFuture.supplyAsync(() -> runWave(client, 8, 100));
                while (!saturated.isDone()) {
                    maxActive = Math.max(maxActive, server.scheduler().activeCount());
                    maxQueued = Math.max(maxQueued, server.scheduler().queuedCount());
                    Thread.sleep(5);
                }
                Wave wave = TestClient.await(saturated);
                assertThat(wave.tokens()).isEqualTo(800);
                saturatedNanos = Math.min(saturatedNanos, wave.nanos());
            }

            double ratio = (double) saturatedNanos / fullNanos;
            assertThat(ratio).isBetween(1.85, 2.15);
            assertThat(maxActive).isEqualTo(4);
            // All eight wait in the queue for an instant when they arrive before the scheduler
            // thread wakes up, so only a lower bound holds.
            assertThat(maxQueued).isGreaterThanOrEqualTo(4);
            assertThat(new Wave(saturatedNanos, 800).tokensPerSecond())
                    .isCloseTo(server.analyticCapacity(), withinPercentage(5));
        }
    }

    @Test
    void servesThousandConcurrentRequests() {
        try (SimulatedServer server = Simulator.start(SimulatorConfig.defaults())) {
            TestClient client = new TestClient(server.baseUrl());
            List<CompletableFuture<HttpResponse<String>>> futures = new ArrayList<>();

            for (int i = 0; i < 1000; i++) {
                String body = i % 2 == 0
                        ? TestClient.completionBody(8, false, false)
                        : TestClient.completionBody(8, true, true);
                futures.add(client.postAsync("/v1/completions", body));
            }
            TestClient.await(CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)));

            long tokens = 0;
            for (int i = 0; i < futures.size(); i++) {
                HttpResponse<String> response = futures.get(i).join();
                assertThat(response.statusCode()).isEqualTo(200);
                List<JsonNode> events = i % 2 == 0
                        ? List.of(TestClient.json(response.body()))
                        : TestClient.events(response.body());
                tokens += events.get(events.size() - 1).path("usage").path("completion_tokens")
                        .asLong();
            }
            assertThat(tokens).isEqualTo(8000);
            assertThat(server.scheduler().tokensProduced()).isEqualTo(8000);
        }
    }

    @Test
    void closeAnswersUnfinishedRequests() throws InterruptedException {
        SimulatedServer server = Simulator.start(SimulatorConfig.builder().slots(1).build());
        TestClient client = new TestClient(server.baseUrl());
        TestClient idleClient = new TestClient(server.baseUrl());
        assertThat(idleClient.get("/health").statusCode()).isEqualTo(200);
        CompletableFuture<HttpResponse<String>> active = client.postAsync(
                "/v1/completions", TestClient.completionBody(1_000_000, false, false));
        awaitCount(() -> server.scheduler().activeCount(), 1);
        CompletableFuture<HttpResponse<String>> queued =
                client.postAsync("/v1/completions", TestClient.completionBody(5, false, false));
        awaitCount(() -> server.scheduler().queuedCount(), 1);

        long start = System.nanoTime();
        server.close();
        server.close();
        double closeMillis = (System.nanoTime() - start) / 1e6;

        for (HttpResponse<String> response : List.of(TestClient.await(active),
                TestClient.await(queued))) {
            JsonNode error = TestClient.json(response.body()).path("error");
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(error.path("type").asText()).isEqualTo("ServiceUnavailableError");
        }
        assertThat(closeMillis).isLessThan(3_000);
        // Both the reused keep-alive connections and new ones must fail.
        for (TestClient after : List.of(client, idleClient, new TestClient(server.baseUrl()))) {
            assertThatThrownBy(() -> after.postAsync("/v1/completions", "{\"prompt\":\"a\"}")
                    .get(TestClient.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
                    .isInstanceOf(ExecutionException.class);
        }
    }

    private static void awaitCount(IntSupplier count, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TestClient.TIMEOUT.toNanos();
        while (count.getAsInt() != expected && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(count.getAsInt()).isEqualTo(expected);
    }

    @Test
    void countersTrackTokensAndConnections() throws Exception {
        try (SimulatedServer server = Simulator.start(SimulatorConfig.defaults())) {
            assertThat(server.openConnections()).isZero();

            try (Socket socket = new Socket("127.0.0.1", server.port())) {
                awaitCount(server::openConnections, 1);
            }
            awaitCount(server::openConnections, 0);
            RawClient.Reply reply = RawClient.post(server.port(), "/v1/completions",
                    TestClient.completionBody(7, false, false), TestClient.TIMEOUT);

            assertThat(reply.status()).as(reply.text()).isEqualTo(200);
            assertThat(server.tokensProduced()).isEqualTo(7);
            awaitCount(server::openConnections, 0);
        }
    }

    @Test
    void analyticThroughputRejectsZeroConcurrency() {
        try (SimulatedServer server = Simulator.start(SimulatorConfig.defaults())) {
            assertThatThrownBy(() -> server.analyticThroughput(0))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("concurrency must be between 1 and 2147483647, got 0");
        }
    }

    @Test
    void baseUrlNamesLoopbackAndPort() {
        try (SimulatedServer server = Simulator.start(SimulatorConfig.defaults())) {
            assertThat(server.port()).isPositive();
            assertThat(server.baseUrl()).isEqualTo("http://127.0.0.1:" + server.port());
        }
    }
}
