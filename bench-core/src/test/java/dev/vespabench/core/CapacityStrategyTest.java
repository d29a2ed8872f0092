package dev.vespabench.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.vespabench.api.WorkloadSource;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class CapacityStrategyTest {

    private static final Duration LIMIT = Duration.ofSeconds(20);

    // 16 slots, 4 + 0.1 n ms per step, 50 tokens: capacity 2857 tokens/s from concurrency 16.
    private final BatchingContext model = BatchingContext.of(16, 4, 0.1, 50);

    @Test
    void plateauStopsDoublingAndBisectsKnee() {
        CapacityStrategy strategy = CapacityStrategy.defaults();

        List<RunResult> levels = search(strategy, model);

        assertThat(levels).extracting(RunResult::concurrency)
                .containsExactly(1, 2, 4, 8, 16, 32, 12, 14);
        assertThat(levels).extracting(RunResult::index)
                .containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
        for (RunResult level : levels) {
            assertThat(level.throughput()).as("concurrency %d", level.concurrency())
                    .isCloseTo(model.throughput(level.concurrency()), Percentage.withPercentage(1));
        }
        Selection selection = strategy.select(levels);
        assertThat(selection.run()).hasValue(5);
        assertThat(selection.value()).isCloseTo(model.throughput(16), Percentage.withPercentage(1));
        assertThat(selection.rule()).contains("best sustainable level").doesNotContain("still");
    }

    @Test
    void brokenLatencyObjectiveBisectsBelowIt() {
        // p95 latency is 50 steps: 240 ms at 8, 250 ms at 10, 260 ms at 12, 280 ms at 16.
        CapacityStrategy strategy = CapacityStrategy.defaults()
                .withObjectives(null, Duration.ofMillis(255));

        List<RunResult> levels = search(strategy, model);

        assertThat(levels).extracting(RunResult::concurrency)
                .containsExactly(1, 2, 4, 8, 16, 12, 10);
        assertThat(strategy.problem(levels.get(4))).contains("p95 latency 280 ms is above");
        Selection selection = strategy.select(levels);
        assertThat(levels.get(selection.run().getAsInt() - 1).concurrency()).isEqualTo(10);
    }

    @Test
    void ttftObjectiveNeedsStreams() {
        CapacityStrategy strategy = CapacityStrategy.defaults()
                .withObjectives(Duration.ofMillis(100), null);

        List<RunResult> levels = search(strategy, model);

        assertThat(levels).hasSize(1);
        Selection selection = strategy.select(levels);
        assertThat(selection.run()).isEmpty();
        assertThat(selection.rule()).startsWith("no level was sustainable; concurrency 1:")
                .contains("backend must stream");
    }

    @Test
    void failuresBisectBelowFailingLevel() {
        CapacityStrategy strategy = CapacityStrategy.defaults();

        List<RunResult> levels = search(strategy, model.failingFrom(8));

        assertThat(levels).extracting(RunResult::concurrency).containsExactly(1, 2, 4, 8, 6, 7);
        assertThat(levels.get(3).failures()).containsKey("http_status:503");
        assertThat(strategy.select(levels).run()).hasValue(6);
    }

    @Test
    void publishedLimitBoundsSearch() {
        CapacityStrategy strategy = CapacityStrategy.defaults();

        List<RunResult> levels = search(strategy, model.publishing(6));

        assertThat(levels).extracting(RunResult::concurrency).containsExactly(1, 2, 4, 6);
        assertThat(strategy.select(levels).rule()).contains("still rose at concurrency 6");
    }

    @Test
    void selectionPrefersLowerConcurrencyWithinNoise() {
        CapacityStrategy strategy = CapacityStrategy.defaults().withRefineSteps(0);
        List<RunResult> levels = new ArrayList<>();
        levels.add(level(1, 8, 900, 10));
        levels.add(level(2, 16, 1000, 30));
        levels.add(level(3, 32, 1040, 50));
        levels.add(level(4, 64, 1100, 5));

        Selection noisy = strategy.select(levels.subList(0, 3));
        Selection clear = strategy.select(levels);

        assertThat(noisy.run()).hasValue(2);
        assertThat(noisy.value()).isEqualTo(1000);
        assertThat(clear.run()).hasValue(4);
    }

    @Test
    void invalidSettingsAreRejected() {
        assertThatThrownBy(() -> CapacityStrategy.defaults().withConcurrency(8, 4))
                .hasMessage("maxConcurrency must be at least 8, got 4");
        assertThatThrownBy(() -> CapacityStrategy.defaults().withMinGain(1.5))
                .hasMessage("minGain must be from 0 to less than 1, got 1.5");
        assertThatThrownBy(() -> CapacityStrategy.defaults().withRefineSteps(-1))
                .hasMessage("refineSteps must be at least 0, got -1");
    }

    private static List<RunResult> search(CapacityStrategy strategy, BatchingContext context) {
        List<RunResult> levels = new ArrayList<>();
        StepVerifier.withVirtualTime(() -> strategy.execute(context))
                .thenAwait(Duration.ofHours(2))
                .recordWith(() -> levels)
                .thenConsumeWhile(run -> true)
                .expectComplete()
                .verify(LIMIT);
        return levels;
    }

    private static RunResult level(int index, int concurrency, double median, double halfWidth) {
        WindowStatistics windows = new WindowStatistics(Duration.ofSeconds(1),
                Duration.ofSeconds(1), 4, 4, median, median, median, median, halfWidth,
                WindowStatistics.Stop.CONVERGED, 0);
        return new RunResult(index, concurrency, 100, 100, 1000, Duration.ofSeconds(5),
                Map.of(), Set.of(WorkloadSource.REPORTED), LatencySummary.empty(),
                LatencySummary.empty(), LatencySummary.empty(), LatencySummary.empty(),
                Optional.of(windows), Optional.empty());
    }
}
