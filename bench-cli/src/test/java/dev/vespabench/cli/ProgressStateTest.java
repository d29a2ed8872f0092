package dev.vespabench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import dev.vespabench.api.FailureKind;
import dev.vespabench.api.Outcome;
import dev.vespabench.api.WorkloadSource;
import dev.vespabench.core.BenchmarkEvent;
import dev.vespabench.core.BenchmarkEvent.Phase;
import dev.vespabench.core.LatencySummary;
import dev.vespabench.core.RequestResult;
import dev.vespabench.core.RunResult;
import org.junit.jupiter.api.Test;

class ProgressStateTest {

    private final AtomicLong clock = new AtomicLong();

    @Test
    void measuringLineShowsRunsRequestsAndTimes() {
        ProgressState state = new ProgressState(clock::get, Duration.ofMinutes(60),
                OptionalInt.of(8));
        state.event(new BenchmarkEvent.PhaseStarted(Phase.MEASURE, "fixed"));
        advance(Duration.ofSeconds(2));
        state.request(completed(500));
        state.request(completed(500));
        state.request(failed());
        state.event(new BenchmarkEvent.RunFinished(run(1, 400.0)));
        advance(Duration.ofSeconds(2));

        String line = state.render();

        assertThat(line).startsWith("measuring | run 2/8 | 3 requests, 1 failed | ");
        // 1000 units finished within the 4 s since measurement started.
        assertThat(line).contains("| 250.0 workload/s (last run 400.0)");
        assertThat(line).endsWith("| 0:04 elapsed | 59:56 to deadline");
    }

    @Test
    void runNumberStopsAtThePlannedCount() {
        ProgressState state = new ProgressState(clock::get, Duration.ofMinutes(60),
                OptionalInt.of(2));
        state.event(new BenchmarkEvent.PhaseStarted(Phase.MEASURE, "fixed"));
        state.event(new BenchmarkEvent.RunFinished(run(1, 400.0)));
        state.event(new BenchmarkEvent.RunFinished(run(2, 410.0)));

        String line = state.render();

        assertThat(line).startsWith("measuring | run 2/2 | ");
    }

    @Test
    void throughputCountsOnlyRecentRequests() {
        ProgressState state = new ProgressState(clock::get, Duration.ofHours(2),
                OptionalInt.empty());
        state.event(new BenchmarkEvent.PhaseStarted(Phase.MEASURE, "steady"));
        state.request(completed(10_000));
        advance(ProgressState.THROUGHPUT_WINDOW.plusSeconds(5));
        state.request(completed(100));

        double throughput = state.currentThroughput(clock.get());

        assertThat(throughput).isEqualTo(10.0);
        assertThat(state.render()).contains("| run 1 |").contains("1:59:45 to deadline");
    }

    @Test
    void phasesBeforeMeasurementShowOnlyTimes() {
        ProgressState state = new ProgressState(clock::get, Duration.ofSeconds(30),
                OptionalInt.of(3));

        String starting = state.render();
        state.event(new BenchmarkEvent.PhaseStarted(Phase.HEALTH, "http://127.0.0.1:1/h"));
        advance(Duration.ofSeconds(45));
        String waiting = state.render();

        assertThat(starting).isEqualTo("starting | 0:00 elapsed | 0:30 to deadline");
        assertThat(waiting).isEqualTo("waiting for the backend | 0:45 elapsed | 0:00 to deadline");
    }

    private void advance(Duration duration) {
        clock.addAndGet(duration.toNanos());
    }

    private RequestResult completed(double workload) {
        long now = clock.get();
        return new RequestResult(0, new Outcome.Completed(workload,
                WorkloadSource.REPORTED), now, now, -1, 0);
    }

    private RequestResult failed() {
        long now = clock.get();
        Outcome failure = new Outcome.Failed(FailureKind.TIMEOUT, "read", "timed out");
        return new RequestResult(0, failure, now, now, -1, 0);
    }

    private static RunResult run(int index, double throughputPerSecond) {
        return new RunResult(index, 10, 10, 10, throughputPerSecond, Duration.ofSeconds(1),
                Map.of(), Set.of(), LatencySummary.empty(), LatencySummary.empty());
    }
}
