package dev.vespabench.cli;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import dev.vespabench.core.BenchmarkEvent;
import dev.vespabench.core.BenchmarkEvent.Phase;
import dev.vespabench.core.RequestResult;
import org.jspecify.annotations.Nullable;

/**
 * The progress of a running benchmark, updated from its events and finished requests on any
 * thread, and rendered as one line of text for the progress display.
 */
final class ProgressState {

    /** The span over which the current throughput is measured. */
    static final Duration THROUGHPUT_WINDOW = Duration.ofSeconds(10);

    private final LongSupplier clock;
    private final long startNanos;
    private final Duration deadline;
    private final OptionalInt plannedRuns;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    // Finish times and workloads of the requests inside the throughput window, oldest first.
    private final Deque<long[]> recent = new ArrayDeque<>();
    private volatile @Nullable Phase phase;
    private volatile long measureStartNanos = -1;
    private volatile int finishedRuns;
    private volatile double lastRunThroughput = -1;

    /**
     * Creates the state of a benchmark that starts now.
     *
     * @param clock the nanosecond clock
     * @param deadline the benchmark's time limit, counted from now
     * @param plannedRuns the number of runs when the strategy fixes it in advance
     */
    ProgressState(LongSupplier clock, Duration deadline, OptionalInt plannedRuns) {
        this.clock = clock;
        this.startNanos = clock.getAsLong();
        this.deadline = deadline;
        this.plannedRuns = plannedRuns;
    }

    void event(BenchmarkEvent event) {
        if (event instanceof BenchmarkEvent.PhaseStarted started) {
            phase = started.phase();
            if (started.phase() == Phase.MEASURE) {
                measureStartNanos = clock.getAsLong();
            }
        } else if (event instanceof BenchmarkEvent.RunFinished finished) {
            finishedRuns++;
            lastRunThroughput = finished.run().throughput();
        }
    }

    void request(RequestResult result) {
        requests.incrementAndGet();
        if (!result.succeeded()) {
            failed.incrementAndGet();
        }
        long now = clock.getAsLong();
        synchronized (recent) {
            recent.addLast(new long[] {now, Double.doubleToRawLongBits(result.workload())});
            prune(now);
        }
    }

    /**
     * Returns the current workload/s: the work of the requests that finished in the last
     * {@link #THROUGHPUT_WINDOW}, over that window or over the time since measurement started
     * when that is shorter.
     *
     * @param now the clock reading
     * @return workload/s, 0 before measurement
     */
    double currentThroughput(long now) {
        long since = measureStartNanos;
        if (since < 0) {
            return 0;
        }
        double workload = 0;
        synchronized (recent) {
            prune(now);
            for (long[] entry : recent) {
                workload += Double.longBitsToDouble(entry[1]);
            }
        }
        long span = Math.min(now - since, THROUGHPUT_WINDOW.toNanos());
        return span <= 0 ? 0 : workload * 1e9 / span;
    }

    /**
     * Renders the progress line, such as
     * {@code measuring | run 3/8 | 27 requests, 0 failed | 1975.2 workload/s | 0:12 elapsed |
     * 59:48 to deadline}.
     *
     * @return the line, without a line break
     */
    String render() {
        long now = clock.getAsLong();
        StringBuilder line = new StringBuilder(phaseLabel());
        Phase current = phase;
        if (current == Phase.MEASURE) {
            // After the last run the strategy is finishing, not starting another run.
            int run = finishedRuns + 1;
            if (plannedRuns.isPresent()) {
                run = Math.min(run, plannedRuns.getAsInt());
            }
            line.append(" | run ").append(run);
            plannedRuns.ifPresent(total -> line.append('/').append(total));
            line.append(" | ").append(requests.get()).append(" requests, ")
                    .append(failed.get()).append(" failed");
            line.append(String.format(Locale.ROOT, " | %.1f workload/s",
                    currentThroughput(now)));
            if (lastRunThroughput >= 0) {
                line.append(String.format(Locale.ROOT, " (last run %.1f)", lastRunThroughput));
            }
        }
        Duration elapsed = Duration.ofNanos(now - startNanos);
        Duration remaining = deadline.minus(elapsed);
        line.append(" | ").append(clockTime(elapsed)).append(" elapsed | ")
                .append(clockTime(remaining.isNegative() ? Duration.ZERO : remaining))
                .append(" to deadline");
        return line.toString();
    }

    private String phaseLabel() {
        Phase current = phase;
        if (current == null) {
            return "starting";
        }
        return switch (current) {
            case HEALTH -> "waiting for the backend";
            case DISCOVERY -> "discovering the model";
            case WARMUP -> "warming up";
            case MEASURE -> "measuring";
        };
    }

    private void prune(long now) {
        long oldest = now - THROUGHPUT_WINDOW.toNanos();
        while (!recent.isEmpty() && recent.peekFirst()[0] < oldest) {
            recent.removeFirst();
        }
    }

    /**
     * Formats a duration as {@code m:ss}, or {@code h:mm:ss} from one hour.
     *
     * @param duration a non-negative duration
     * @return the text
     */
    static String clockTime(Duration duration) {
        long seconds = duration.toSeconds();
        long hours = seconds / 3600;
        long minutes = seconds / 60 % 60;
        if (hours > 0) {
            return String.format(Locale.ROOT, "%d:%02d:%02d", hours, minutes, seconds % 60);
        }
        return String.format(Locale.ROOT, "%d:%02d", minutes, seconds % 60);
    }
}
