package dev.vespabench.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;

import dev.vespabench.core.WindowStatistics.Stop;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class SteadyStrategyTest {

    private static final Duration LIMIT = Duration.ofSeconds(10);

    @Test
    void longRequestsGiveExactMedian() {
        // 500-token requests of 2.2 s: counted at completion, 4 requests would land in bursts.
        BatchingContext model = BatchingContext.of(64, 4, 0.1, 500);

        RunResult run = measure(model, SteadyStrategy.of(4));

        WindowStatistics windows = run.windows().orElseThrow();
        assertThat(run.throughput()).isCloseTo(model.throughput(4), Percentage.withPercentage(0.5));
        assertThat(windows.stop()).isEqualTo(Stop.CONVERGED);
        assertThat(windows.count()).isGreaterThanOrEqualTo(3);
        assertThat(windows.relativeHalfWidth()).isLessThanOrEqualTo(0.03);
        assertThat(windows.window()).isBetween(Duration.ofMillis(2100), Duration.ofMillis(2300));
        assertThat(run.concurrency()).isEqualTo(4);
        assertThat(run.failed()).isZero();
    }

    @Test
    void quarterLatencyStreamWindowsFinishInOneLatency() {
        BatchingContext model = BatchingContext.of(64, 4, 0.1, 500).streaming();
        WindowSettings quarter = WindowSettings.capacityLevel();

        RunResult run = measure(model, new SteadyStrategy(8, quarter));

        double latency = model.latencyMillis(8);
        assertThat(run.windows().orElseThrow().converged()).isTrue();
        assertThat(run.duration().toMillis()).isLessThan(Math.round(1.1 * latency));
        assertThat(run.windows().orElseThrow().cancelled()).isBetween(1L, 8L);
        assertThat(run.throughput()).isCloseTo(model.throughput(8), Percentage.withPercentage(0.5));
    }

    @Test
    void wholeResponseWindowsLastOneLatency() {
        BatchingContext model = BatchingContext.of(64, 4, 0.1, 500);
        WindowSettings quarter = WindowSettings.capacityLevel();

        RunResult run = measure(model, new SteadyStrategy(8, quarter));

        WindowStatistics windows = run.windows().orElseThrow();
        double latency = model.latencyMillis(8);
        assertThat(windows.converged()).isTrue();
        assertThat(windows.halfWidthKnown()).isTrue();
        assertThat(windows.window().toMillis()).isCloseTo(Math.round(latency), within(2L));
        assertThat(run.duration().toMillis()).isLessThan(Math.round(5 * latency));
        assertThat(run.throughput()).isCloseTo(model.throughput(8), Percentage.withPercentage(0.5));
    }

    @Test
    void fixedWindowsAreCutAfterRamp() {
        BatchingContext model = BatchingContext.of(8, 10, 0, 10);
        WindowSettings settings = WindowSettings.steady().withRamp(Duration.ofMillis(50))
                .withWindow(Duration.ofMillis(200)).withWindows(4, 4).withTolerance(0.001);

        RunResult run = measure(model, new SteadyStrategy(2, settings));

        WindowStatistics windows = run.windows().orElseThrow();
        assertThat(windows.ramp()).isEqualTo(Duration.ofMillis(50));
        assertThat(windows.window()).isEqualTo(Duration.ofMillis(200));
        assertThat(windows.finalWindows()).isEqualTo(4);
        assertThat(windows.median()).isCloseTo(2 * 10 / 0.1, within(1e-3));
    }

    @Test
    void windowLimitDrainsRequestsInFlight() {
        BatchingContext model = BatchingContext.of(8, 10, 0, 10).noisy();
        WindowSettings settings = WindowSettings.steady().withWindow(Duration.ofMillis(30))
                .withWindows(3, 5).withTolerance(1e-9);

        RunResult run = measure(model, new SteadyStrategy(3, settings));

        WindowStatistics windows = run.windows().orElseThrow();
        assertThat(windows.stop()).isEqualTo(Stop.WINDOW_LIMIT);
        assertThat(windows.cancelled()).isZero();
        assertThat(windows.finalWindows()).isEqualTo(5);
        assertThat(windows.count()).isEqualTo(3);
    }

    @Test
    void timeLimitStopsSending() {
        BatchingContext model = BatchingContext.of(8, 10, 0, 10).noisy();
        WindowSettings settings = WindowSettings.steady().withWindow(Duration.ofMillis(30))
                .withWindows(3, 1000).withTolerance(1e-9).withMaxDuration(Duration.ofSeconds(2));

        RunResult run = measure(model, new SteadyStrategy(3, settings));

        assertThat(run.windows().orElseThrow().stop()).isEqualTo(Stop.TIME_LIMIT);
        assertThat(run.duration()).isBetween(Duration.ofSeconds(2), Duration.ofMillis(2100));
    }

    @Test
    void failingBackendStopsAfterFewRequests() {
        BatchingContext model = BatchingContext.of(8, 10, 0, 10).failingFrom(1);

        RunResult run = measure(model, SteadyStrategy.of(4));

        assertThat(run.windows().orElseThrow().stop()).isEqualTo(Stop.FAILURES);
        assertThat(run.requests()).isBetween(10L, 14L);
        assertThat(run.failures()).containsOnlyKeys("http_status:503");
        assertThat(new SteadyStrategy(4, WindowSettings.steady()).select(List.of(run)).run())
                .isEmpty();
    }

    @Test
    void streamsRecordTokenTimings() {
        BatchingContext model = BatchingContext.of(8, 10, 0, 20).streaming();

        RunResult run = measure(model, SteadyStrategy.of(2));

        assertThat(run.timeToFirstToken().p50()).isCloseTo(10.0, within(0.1));
        assertThat(run.interTokenLatency().p50()).isCloseTo(10.0, within(0.1));
        assertThat(run.interTokenLatency().count()).isEqualTo(19 * run.succeeded());
        assertThat(run.timePerOutputToken().p99()).isCloseTo(10.0, within(0.1));
        assertThat(run.throughput()).isCloseTo(model.throughput(2), Percentage.withPercentage(1));
    }

    @Test
    void selectionStatesWindowsAndAgreement() {
        BatchingContext model = BatchingContext.of(64, 4, 0.1, 500);
        SteadyStrategy strategy = SteadyStrategy.of(4);
        RunResult run = measure(model, strategy);

        Selection selection = strategy.select(List.of(run));

        assertThat(selection.run()).hasValue(1);
        assertThat(selection.value()).isEqualTo(run.throughput());
        assertThat(selection.rule()).startsWith("the median of the last").contains("converged");
    }

    @Test
    void invalidSettingsAreRejected() {
        assertThatThrownBy(() -> SteadyStrategy.of(0))
                .hasMessage("concurrency must be at least 1, got 0");
        assertThatThrownBy(() -> WindowSettings.steady().withWindows(1, 5))
                .hasMessage("minWindows must be at least 2, got 1");
        assertThatThrownBy(() -> WindowSettings.steady().withWindows(4, 3))
                .hasMessage("maxWindows must be at least 4, got 3");
        assertThatThrownBy(() -> WindowSettings.steady().withTolerance(0))
                .hasMessage("tolerance must be between 0 and 1, got 0.0");
    }

    private static RunResult measure(BatchingContext model, SteadyStrategy strategy) {
        RunResult[] run = new RunResult[1];
        StepVerifier.withVirtualTime(() -> strategy.execute(model))
                .thenAwait(Duration.ofHours(1))
                .consumeNextWith(result -> run[0] = result)
                .expectComplete()
                .verify(LIMIT);
        return run[0];
    }
}
