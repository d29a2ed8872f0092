package dev.vespabench.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import dev.vespabench.api.BackendOptions;
import dev.vespabench.api.WorkloadSource;
import dev.vespabench.core.Backends;
import dev.vespabench.core.Benchmark;
import dev.vespabench.core.BenchmarkResult;
import dev.vespabench.core.BenchmarkSettings;
import dev.vespabench.core.RunResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenAI chat backend against a third-party server, {@code @dwmkerr/mock-llm}, which
 * returns chat completions without {@code usage}, so the workload must be estimated.
 */
class MockLlmTest {

    private static final int MAX_TOKENS = 500;
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path work;

    @Test
    void chatBenchmarkCompletesWithEstimatedWorkload() throws Exception {
        try (MockLlmServer server = MockLlmServer.start(work)) {
            BenchmarkSettings settings = BenchmarkSettings.builder(server.baseUrl())
                    .runs(3)
                    .concurrency(4)
                    .requestTimeout(Duration.ofSeconds(10))
                    .startupTimeout(Duration.ofSeconds(20))
                    .deadline(WAIT)
                    .seed(7)
                    .build();
            var backend = Backends.load().find("openai-chat").create(new BackendOptions(
                    Map.of("max-tokens", Integer.toString(MAX_TOKENS)), Map.of()));

            BenchmarkResult result = Benchmark.builder(backend).settings(settings).build()
                    .result().block(WAIT.plusSeconds(10));

            assertThat(result).isNotNull();
            assertThat(result.measured()).as("measured, %s", result.reason()).isTrue();
            assertThat(result.failures()).isEmpty();
            assertThat(result.workloadEstimated()).isTrue();
            assertThat(result.backend().model()).as("model from GET /v1/models").isNotBlank();
            assertThat(result.runs()).hasSize(3);
            for (RunResult run : result.runs()) {
                assertThat(run.succeeded()).isEqualTo(4);
                assertThat(run.workloadSources()).containsExactly(WorkloadSource.ESTIMATED);
                // The server echoes the prompt's words, so each answer is estimated from its
                // text: more than nothing, less than the max_tokens it would be charged if the
                // early stop were ignored.
                assertThat(run.workload()).isGreaterThan(4.0 * 10).isLessThan(4.0 * MAX_TOKENS);
            }
            assertThat(result.value()).isPositive();
        }
    }
}
