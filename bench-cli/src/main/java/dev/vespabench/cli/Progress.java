package dev.vespabench.cli;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.vespabench.core.BenchmarkEvent;
import dev.vespabench.core.RequestResult;
import org.jspecify.annotations.Nullable;

/**
 * The live progress display of one benchmark: a {@link StatusLine} redrawn a few times a second
 * from a {@link ProgressState}. Without a status line every method does nothing, and the
 * benchmark's log lines are the only progress output.
 */
final class Progress implements AutoCloseable {

    private static final long REDRAW_MILLIS = 200;

    private final @Nullable StatusLine line;
    private final @Nullable ProgressState state;
    private final @Nullable ScheduledExecutorService redraws;
    private final @Nullable Thread eraseOnExit;

    private Progress(@Nullable StatusLine line, @Nullable ProgressState state) {
        this.line = line;
        this.state = state;
        if (line != null && state != null) {
            redraws = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "vespa-bench-progress");
                thread.setDaemon(true);
                return thread;
            });
            redraws.scheduleWithFixedDelay(this::redraw, 0, REDRAW_MILLIS,
                    TimeUnit.MILLISECONDS);
            // Ctrl-C ends the process without close(); the hook erases the line all the same.
            eraseOnExit = new Thread(line::close, "vespa-bench-progress-exit");
            Runtime.getRuntime().addShutdownHook(eraseOnExit);
        } else {
            redraws = null;
            eraseOnExit = null;
        }
    }

    /**
     * Returns a display that shows nothing.
     *
     * @return the display
     */
    static Progress none() {
        return new Progress(null, null);
    }

    /**
     * Starts a display on a status line, or returns one that shows nothing.
     *
     * @param line the status line, or empty for none
     * @param state the state to render
     * @return the running display, which the caller closes
     */
    static Progress start(Optional<StatusLine> line, ProgressState state) {
        return line.map(value -> new Progress(value, state)).orElseGet(Progress::none);
    }

    /**
     * Starts the display of a command: a status line on standard error when the tool runs on
     * a terminal and {@code --quiet} is not given, else nothing.
     *
     * @param root the tool, which records whether it writes to the process's own streams
     * @param quiet whether {@code --quiet} was given
     * @param deadline the benchmark's time limit
     * @param plannedRuns the number of runs when the strategy fixes it in advance
     * @return the running display, which the caller closes
     */
    static Progress open(VespaBench root, boolean quiet, Duration deadline,
            OptionalInt plannedRuns) {
        if (quiet) {
            return none();
        }
        return start(root.openStatusLine(),
                new ProgressState(System::nanoTime, deadline, plannedRuns));
    }

    void event(BenchmarkEvent event) {
        if (state != null) {
            state.event(event);
            redraw();
        }
    }

    void request(RequestResult result) {
        if (state != null) {
            state.request(result);
        }
    }

    /** Stops redrawing and erases the line, so that the summary starts on a clean line. */
    @Override
    public void close() {
        if (redraws != null) {
            redraws.shutdownNow();
            try {
                redraws.awaitTermination(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (line != null) {
            line.close();
        }
        if (eraseOnExit != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(eraseOnExit);
            } catch (IllegalStateException e) {
                // The JVM is already shutting down, so the hook runs and finds the line closed.
            }
        }
    }

    private void redraw() {
        if (line != null && state != null) {
            line.show(state.render());
        }
    }
}
