package dev.vespabench.comfyui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import dev.vespabench.api.Backend;
import dev.vespabench.api.BackendOptions;
import dev.vespabench.api.InvalidOptionException;
import dev.vespabench.api.Outcome;
import dev.vespabench.api.WorkloadSource;
import dev.vespabench.core.Benchmark;
import dev.vespabench.core.BenchmarkResult;
import dev.vespabench.core.BenchmarkSettings;
import dev.vespabench.core.RequestResult;
import dev.vespabench.core.RunResult;
import dev.vespabench.sim.ImageConfig;
import dev.vespabench.sim.SimulatedServer;
import dev.vespabench.sim.Simulator;
import dev.vespabench.sim.SimulatorConfig;
import reactor.core.publisher.Mono;

/** Runs both ComfyUI backends through the engine against the simulator over real sockets. */
class ComfySimulatorTest {

    private static final Duration LIMIT = Duration.ofSeconds(30);
    private static final int WORKERS = 2;
    private static final int RUNS = 3;

    // Jobs of 500 ms keep the fixed costs of a job inside the 10% margin: localhost round
    // trips of 2 to 10 ms on a loaded machine, and comfyui-native's last poll, up to 25 ms
    // late at this job length. With 200 ms jobs, runs on a two-core machine under load
    // measured 4% to 11% low.
    private static final double JOB_MILLIS = 500;

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({"WORKER, 1", "WORKER, 2", "NATIVE, 1", "NATIVE, 2"})
    void runMatchesAnalyticJobsPerSecond(Api api, int concurrency) {
        try (SimulatedServer server = start(ImageConfig.of(WORKERS, JOB_MILLIS))) {

            BenchmarkResult result = run(server, api, Map.of(), concurrency, RUNS,
                    Duration.ofSeconds(20), new CopyOnWriteArrayList<>());

            double analyticJobs = server.analyticJobsPerSecond(concurrency);
            double perJob = Double.parseDouble(
                    result.backend().settings().get("workload_per_job"));
            double measuredJobs = result.value() / perJob;
            assertThat(analyticJobs).isEqualTo(concurrency * 2.0);
            assertThat(result.measured()).isTrue();
            assertThat(result.failures()).isEmpty();
            assertThat(result.runs()).hasSize(RUNS);
            assertThat(perJob).isEqualTo(100.0);
            assertThat(measuredJobs).isCloseTo(analyticJobs, withinPercentage(10));
            for (RunResult run : result.runs()) {
                assertThat(run.succeeded()).isEqualTo(concurrency);
                assertThat(run.workload()).isEqualTo(100.0 * concurrency);
                assertThat(run.workloadSources()).containsExactly(WorkloadSource.FIXED);
            }
            // One warm-up job, then RUNS runs of `concurrency` jobs.
            assertThat(server.completedImageJobs()).isEqualTo(1 + (long) RUNS * concurrency);
        }
    }

    @ParameterizedTest
    @EnumSource(Api.class)
    void pixelsStepsChargesOlderFormula(Api api) {
        try (SimulatedServer server = start(ImageConfig.of(WORKERS, JOB_MILLIS))) {

            BenchmarkResult result = run(server, api, Map.of("workload", "pixels-steps",
                    "width", "256", "height", "256", "steps", "10"), 1, 2, Duration.ofSeconds(10),
                    new CopyOnWriteArrayList<>());

            assertThat(result.measured()).isTrue();
            assertThat(result.runs().get(0).workload()).isEqualTo(655.36);
            assertThat(result.value() / 655.36)
                    .isCloseTo(server.analyticJobsPerSecond(1), withinPercentage(10));
        }
    }

    @ParameterizedTest
    @EnumSource(Api.class)
    void missingWorkflowFailsBeforeAnyRequest(Api api) {
        try (SimulatedServer server = start(ImageConfig.of(WORKERS, JOB_MILLIS))) {
            String missing = dir.resolve("missing-workflow.json").toString();
            BackendOptions options =
                    new BackendOptions(Map.of(), Map.of("VESPA_COMFYUI_BENCHMARK_FILE", missing));

            assertThatThrownBy(() -> provider(api, options))
                    .isInstanceOf(InvalidOptionException.class)
                    .hasMessage("invalid VESPA_COMFYUI_BENCHMARK_FILE: workflow file '" + missing
                            + "' was not found (absolute path " + missing + "). Check the path,"
                            + " or leave VESPA_COMFYUI_BENCHMARK_FILE unset for the default"
                            + " workload.");
            assertThat(server.completedImageJobs()).isZero();
        }
    }

    @ParameterizedTest
    @CsvSource({
        "WORKER, backend_error:failed, ComfyUI rejected the workflow: Prompt has no outputs",
        "NATIVE, backend_error:prompt_no_outputs, ComfyUI rejected the prompt with HTTP 400"
                + " (prompt_no_outputs): Prompt has no outputs. The graph needs an output node",
    })
    void workflowWithoutOutputNodeFailsClearly(Api api, String cause, String message)
            throws IOException {
        Path file = dir.resolve("no-output.json");
        Files.writeString(file, "{\"3\": {\"class_type\": \"KSampler\", \"inputs\": {\"seed\": 1,"
                + " \"steps\": 20}}, \"5\": {\"class_type\": \"EmptyLatentImage\","
                + " \"inputs\": {\"width\": 512, \"height\": 512, \"batch_size\": 1}}}");
        try (SimulatedServer server = start(ImageConfig.of(WORKERS, JOB_MILLIS))) {
            List<RequestResult> requests = new CopyOnWriteArrayList<>();
            Duration deadline = Duration.ofSeconds(10);

            BenchmarkResult result = run(server, api, Map.of("workflow", file.toString()), 1, 1,
                    deadline, requests);

            assertThat(result.measured()).isFalse();
            assertThat(result.elapsed()).isLessThan(deadline);
            assertThat(result.failures()).containsExactly(Map.entry(cause, 1L));
            assertThat(result.reason()).contains("all 1 requests failed");
            assertThat(result.notes()).anySatisfy(note -> assertThat(note)
                    .startsWith("warm-up request failed (" + cause + "): ")
                    .contains(message));
            assertThat(requests).singleElement().satisfies(request -> assertThat(
                    ((Outcome.Failed) request.outcome()).message()).contains(message));
            assertThat(server.completedImageJobs()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(Api.class)
    void jobThatNeverFinishesTimesOut(Api api) {
        ImageConfig images = ImageConfig.of(WORKERS, JOB_MILLIS).withJobsNeverFinish(true);
        try (SimulatedServer server = start(images)) {
            List<RequestResult> requests = new CopyOnWriteArrayList<>();
            Duration deadline = Duration.ofSeconds(10);

            BenchmarkResult result = run(server, api, Map.of(), 1, 1, Duration.ofSeconds(1),
                    deadline, requests);

            assertThat(result.measured()).isFalse();
            assertThat(result.elapsed()).isLessThan(Duration.ofSeconds(5));
            assertThat(result.deadlineReached()).isFalse();
            assertThat(result.failures()).containsExactly(Map.entry("timeout", 1L));
            assertThat(result.reason()).isEqualTo("no run succeeded: all 1 requests failed"
                    + " {timeout=1}");
            assertThat(result.notes())
                    .contains("warm-up request failed (timeout): request timed out after 1 s"
                            + " (--request-timeout)");
            assertThat(requests).singleElement().satisfies(request ->
                    assertThat(request.latencyNanos()).isBetween(1_000_000_000L, 2_000_000_000L));
            assertThat(server.completedImageJobs()).isZero();
        }
    }

    @Test
    void timedOutJobsLeaveQueueForNextBenchmark() throws InterruptedException {
        try (SimulatedServer server = start(ImageConfig.of(1, JOB_MILLIS))) {
            // Four jobs at once on one worker: the first ends at 500 ms and the others time out
            // at 750 ms, the second one running, the last two queued.
            BenchmarkResult abandoned = run(server, Api.NATIVE, Map.of(), 4, 1, false,
                    Duration.ofMillis(750), Duration.ofSeconds(10), new CopyOnWriteArrayList<>());
            int left = awaitIdle(server, Duration.ofMillis(400));

            BenchmarkResult next = run(server, Api.NATIVE, Map.of(), 1, RUNS, false,
                    Duration.ofSeconds(10), Duration.ofSeconds(20), new CopyOnWriteArrayList<>());

            assertThat(abandoned.failures()).containsEntry("timeout", 3L);
            // Left to run, the abandoned jobs would hold the worker for 1.25 s more.
            assertThat(left).isZero();
            assertThat(next.measured()).isTrue();
            assertThat(next.failures()).isEmpty();
            assertThat(next.value() / 100.0)
                    .isCloseTo(server.analyticJobsPerSecond(1), withinPercentage(10));
        }
    }

    @Test
    void stopSignalRemovesRunningJob() throws InterruptedException {
        try (SimulatedServer server = start(ImageConfig.of(1, 60_000))) {
            Backend backend = provider(Api.NATIVE, BackendOptions.empty());
            BenchmarkSettings settings = settings(server, 1, 1, false, Duration.ofSeconds(90),
                    Duration.ofSeconds(90));

            BenchmarkResult result = Benchmark.builder(backend)
                    .settings(settings)
                    .stopSignal(Mono.delay(Duration.ofMillis(500)))
                    .build()
                    .result()
                    .block(LIMIT);
            int left = awaitIdle(server, Duration.ofSeconds(2));

            assertThat(result.measured()).isFalse();
            assertThat(left).isZero();
            assertThat(server.completedImageJobs()).isZero();
        }
    }

    @Test
    void completedJobsSendNoCleanup() {
        try (SimulatedServer server = start(ImageConfig.of(1, 100))) {

            BenchmarkResult result = run(server, Api.NATIVE, Map.of(), 1, 2, false,
                    Duration.ofSeconds(10), Duration.ofSeconds(10), new CopyOnWriteArrayList<>());

            assertThat(result.measured()).isTrue();
            assertThat(server.comfyCleanupRequests()).isZero();
        }
    }

    /** Waits until the simulator holds no image job, and returns the jobs left at the limit. */
    private static int awaitIdle(SimulatedServer server, Duration limit)
            throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (server.openImageJobs() > 0 && System.nanoTime() < end) {
            Thread.sleep(10);
        }
        return server.openImageJobs();
    }

    private static SimulatedServer start(ImageConfig images) {
        return Simulator.start(SimulatorConfig.builder().images(images).build());
    }

    private static Backend provider(Api api, BackendOptions options) {
        return api == Api.WORKER
                ? new ComfyUiProvider().create(options)
                : new ComfyUiNativeProvider().create(options);
    }

    private static BenchmarkResult run(SimulatedServer server, Api api,
            Map<String, String> options, int concurrency, int runs, Duration deadline,
            List<RequestResult> requests) {
        return run(server, api, options, concurrency, runs, Duration.ofSeconds(10), deadline,
                requests);
    }

    private static BenchmarkResult run(SimulatedServer server, Api api,
            Map<String, String> options, int concurrency, int runs, Duration requestTimeout,
            Duration deadline, List<RequestResult> requests) {
        return run(server, api, options, concurrency, runs, true, requestTimeout, deadline,
                requests);
    }

    private static BenchmarkResult run(SimulatedServer server, Api api,
            Map<String, String> options, int concurrency, int runs, boolean warmup,
            Duration requestTimeout, Duration deadline, List<RequestResult> requests) {
        Backend backend = provider(api, new BackendOptions(new HashMap<>(options), Map.of()));
        BenchmarkSettings settings =
                settings(server, concurrency, runs, warmup, requestTimeout, deadline);
        return Benchmark.builder(backend)
                .settings(settings)
                .requestListener(requests::add)
                .build()
                .result()
                .block(LIMIT);
    }

    private static BenchmarkSettings settings(SimulatedServer server, int concurrency, int runs,
            boolean warmup, Duration requestTimeout, Duration deadline) {
        return BenchmarkSettings.builder(server.baseUrl())
                .runs(runs)
                .concurrency(concurrency)
                .warmup(warmup)
                .requestTimeout(requestTimeout)
                .startupTimeout(Duration.ofSeconds(10))
                .healthInterval(Duration.ofMillis(50))
                .deadline(deadline)
                .seed(42)
                .build();
    }
}
