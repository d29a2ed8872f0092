package dev.vespabench.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class RequestListenerTest {

    @Test
    void listenerSeesEveryMeasuredRequest() {
        List<RequestResult> seen = new CopyOnWriteArrayList<>();
        try (StubServer server = StubServer.start(routes -> routes
                .get("/health", (req, res) -> res.send())
                .post("/work", (req, res) -> res.sendString(Mono.just("{\"work\": 7}"))))) {
            BenchmarkSettings settings = BenchmarkSettings.builder(server.url())
                    .runs(2).concurrency(3).build();

            BenchmarkResult result = Benchmark.builder(new TestBackend(false)).settings(settings)
                    .requestListener(seen::add).build().result().block(Duration.ofSeconds(20));

            assertThat(result).isNotNull();
            assertThat(result.requests()).isEqualTo(6);
            // The warm-up request is not measured, so the listener does not see it.
            assertThat(seen).hasSize(6);
            assertThat(seen).allMatch(request -> request.workload() == 7.0);
        }
    }
}
