package dev.vespabench.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

import dev.vespabench.api.Outcome;
import dev.vespabench.api.WorkloadSource;
import dev.vespabench.core.WindowStatistics.Stop;
import org.junit.jupiter.api.Test;

/**
 * The fold on an explicit clock: each test plays a FIFO server with a fixed service time and
 * completes requests at the times that server would, so no scheduler is needed.
 */
class WindowedFoldTest {

    private static final long SECOND = 1_000_000_000L;
    private static final double WORK = 100;

    @Test
    void queuedWholeResponsesCountOnlyTheirServiceTime() {
        // 16 requests in a closed loop on 8 slots, 1 s per batch: 800 workload/s. Spread over
        // start to end, the 8 queued first requests would add 400/s to the first windows.
        WindowedFold fold = new WindowedFold(0, WindowSettings.capacityLevel(), 16);

        Deque<WindowedFold.Ticket> queue = new ArrayDeque<>();
        for (int i = 0; i < 16; i++) {
            queue.add(fold.register(0));
        }
        long now = 0;
        for (int batch = 0; batch < 12 && !fold.converged(); batch++) {
            now += SECOND;
            for (int i = 0; i < 8; i++) {
                WindowedFold.Ticket ticket = queue.poll();
                fold.complete(ticket, whole(ticket.registered(), now));
            }
            for (int i = 0; i < 8; i++) {
                queue.add(fold.register(now));
            }
            fold.evaluate(now);
        }

        WindowStatistics windows = stats(fold, now, Stop.CONVERGED);
        assertThat(fold.converged()).isTrue();
        assertThat(windows.median()).isCloseTo(800, within(8.0));
        assertThat(windows.max()).isLessThanOrEqualTo(808);
        assertThat(windows.window()).isEqualTo(Duration.ofSeconds(1));
        assertThat(windows.halfWidthKnown()).isTrue();
    }

    @Test
    void openLoopAboveCapacityCountsServiceRate() {
        // Two arrivals per second at a server that completes one job per second.
        WindowedFold fold = new WindowedFold(0, WindowSettings.steady(), 1);
        fold.stopAt(10 * SECOND);

        long serverFree = 0;
        for (int n = 0; n < 20; n++) {
            long arrival = n * SECOND / 2;
            WindowedFold.Ticket ticket = fold.register(arrival);
            long end = Math.max(serverFree, arrival) + SECOND;
            serverFree = end;
            fold.complete(ticket, whole(arrival, end));
        }
        fold.evaluate(serverFree);

        WindowStatistics windows = stats(fold, serverFree, Stop.DURATION);
        assertThat(windows.finalWindows()).isGreaterThanOrEqualTo(8);
        assertThat(windows.median()).isCloseTo(WORK, within(1.0));
        assertThat(windows.max()).isLessThanOrEqualTo(WORK + 1);
    }

    @Test
    void wholeResponsesInShortWindowsHaveUnknownWidth() {
        // Fixed 100 ms windows inside 1 s requests that start and end together: most windows
        // hold spread workload of the same requests and contain no request end.
        WindowSettings settings = WindowSettings.capacityLevel()
                .withWindow(Duration.ofMillis(100));
        WindowedFold fold = new WindowedFold(0, settings, 4);

        WindowedFold.Ticket[] tickets = new WindowedFold.Ticket[4];
        for (int i = 0; i < 4; i++) {
            tickets[i] = fold.register(0);
        }
        for (int i = 0; i < 4; i++) {
            fold.complete(tickets[i], whole(0, SECOND));
            tickets[i] = fold.register(SECOND);
        }
        fold.evaluate(SECOND);

        WindowStatistics windows = stats(fold, SECOND, Stop.TIME_LIMIT);
        assertThat(windows.count()).isGreaterThanOrEqualTo(3);
        assertThat(windows.min()).isEqualTo(windows.max());
        assertThat(windows.halfWidthKnown()).isFalse();
        assertThat(windows.formatHalfWidth()).isEqualTo("unknown");
        assertThat(fold.converged()).isFalse();
    }

    @Test
    void singleWindowHasUnknownWidth() {
        WindowSettings settings = WindowSettings.steady().withRamp(Duration.ZERO)
                .withWindow(Duration.ofMillis(600));
        WindowedFold fold = new WindowedFold(0, settings, 1);

        WindowedFold.Ticket ticket = fold.register(0);
        fold.complete(ticket, whole(0, SECOND));
        fold.evaluate(SECOND);

        WindowStatistics windows = stats(fold, SECOND, Stop.TIME_LIMIT);
        assertThat(windows.count()).isEqualTo(1);
        assertThat(windows.halfWidthKnown()).isFalse();
        assertThat(windows.relativeHalfWidth()).isNaN();
    }

    @Test
    void streamsKeepQuarterLatencyWindows() {
        WindowedFold fold = new WindowedFold(0, WindowSettings.capacityLevel(), 2);

        WindowedFold.Ticket first = fold.register(0);
        WindowedFold.Ticket second = fold.register(0);
        fold.complete(first, streamed(0, SECOND / 100, SECOND));
        fold.complete(second, streamed(0, SECOND / 100, SECOND));
        fold.evaluate(SECOND);

        WindowStatistics windows = stats(fold, SECOND, Stop.CONVERGED);
        assertThat(windows.window()).isEqualTo(Duration.ofMillis(250));
        assertThat(windows.median()).isCloseTo(2 * WORK, within(1.0));
        assertThat(fold.converged()).isTrue();
    }

    private static WindowStatistics stats(WindowedFold fold, long now, Stop stop) {
        return fold.toRunResult(1, 1, now, stop, null).windows().orElseThrow();
    }

    private static RequestResult whole(long start, long end) {
        return new RequestResult(0, Outcome.completed(WORK, WorkloadSource.REPORTED), start, end,
                -1, 0);
    }

    private static RequestResult streamed(long start, long firstToken, long end) {
        return new RequestResult(0, Outcome.completed(WORK, WorkloadSource.COUNTED), start, end,
                firstToken, (int) WORK);
    }
}
