package dev.vespabench.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vespabench.core.internal.WindowSummary;
import dev.vespabench.core.internal.WorkloadTimeline;
import org.junit.jupiter.api.Test;

class WindowMathTest {

    @Test
    void spreadSplitsWorkByOverlap() {
        WorkloadTimeline timeline = new WorkloadTimeline(1000, 10, 16);

        timeline.addSpread(1005, 1035, 30);

        assertThat(timeline.sum(0, 1)).isCloseTo(5, within(1e-9));
        assertThat(timeline.sum(1, 3)).isCloseTo(20, within(1e-9));
        assertThat(timeline.sum(3, 4)).isCloseTo(5, within(1e-9));
        assertThat(timeline.used()).isEqualTo(4);
    }

    @Test
    void emptyIntervalCountsAtItsEnd() {
        WorkloadTimeline timeline = new WorkloadTimeline(0, 10, 16);

        timeline.addSpread(25, 25, 7);

        assertThat(timeline.sum(2, 3)).isEqualTo(7);
    }

    @Test
    void compactionDoublesBucketsAndKeepsWork() {
        WorkloadTimeline timeline = new WorkloadTimeline(0, 10, 8);
        timeline.addSpread(0, 80, 80);

        timeline.addPoint(95, 5);

        assertThat(timeline.bucketNanos()).isEqualTo(20);
        assertThat(timeline.sum(0, 8)).isCloseTo(85, within(1e-9));
        assertThat(timeline.sum(0, 1)).isCloseTo(20, within(1e-9));
        assertThat(timeline.sum(4, 5)).isEqualTo(5);
    }

    @Test
    void timesBeforeOriginCountAtOrigin() {
        WorkloadTimeline timeline = new WorkloadTimeline(100, 10, 8);

        timeline.addPoint(50, 3);

        assertThat(timeline.sum(0, 1)).isEqualTo(3);
    }

    @Test
    void summaryCoversLaterHalf() {
        double[] figures = {1, 100, 10, 12, 11, 13, 12, 11};

        WindowSummary summary = WindowSummary.ofLast(figures, 8, 3);

        assertThat(summary.count()).isEqualTo(4);
        assertThat(summary.median()).isEqualTo(11.5);
        assertThat(summary.mean()).isEqualTo(11.75);
        assertThat(summary.min()).isEqualTo(11);
        assertThat(summary.max()).isEqualTo(13);
        // s = 0.9574, t(3) = 3.182: 3.182 * 0.9574 / 2
        assertThat(summary.halfWidth()).isCloseTo(1.5232, within(1e-3));
    }

    @Test
    void summaryKeepsMinimumWindows() {
        double[] figures = {5, 6, 7, 8};

        WindowSummary summary = WindowSummary.ofLast(figures, 4, 3);

        assertThat(summary.count()).isEqualTo(3);
        assertThat(summary.median()).isEqualTo(7);
    }

    @Test
    void summaryOfOneWindowHasUnknownWidth() {
        WindowSummary summary = WindowSummary.ofLast(new double[] {4}, 1, 3);

        assertThat(summary.count()).isEqualTo(1);
        assertThat(summary.halfWidth()).isNaN();
        assertThat(summary.relativeHalfWidth()).isNaN();
        assertThat(WindowSummary.ofLast(new double[0], 0, 3).relativeHalfWidth())
                .isEqualTo(Double.POSITIVE_INFINITY);
    }
}
