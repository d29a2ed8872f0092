package dev.vespabench.cli;

import java.time.Duration;

import dev.vespabench.api.Backend;
import dev.vespabench.core.Benchmark;
import dev.vespabench.core.BenchmarkEvent;
import dev.vespabench.core.BenchmarkResult;
import dev.vespabench.core.BenchmarkSettings;

/** Runs a benchmark to its end, for {@code run} and {@code demo}. */
final class BenchmarkRunner {

    private BenchmarkRunner() {
    }

    static BenchmarkResult run(Backend backend, BenchmarkSettings settings) {
        return run(backend, settings, Progress.none());
    }

    static BenchmarkResult run(Backend backend, BenchmarkSettings settings, Progress progress) {
        return run(Benchmark.builder(backend).settings(settings), settings, progress);
    }

    /**
     * Runs a benchmark to its end, feeding its events and finished requests to a progress
     * display, and closes the display before returning.
     *
     * @param benchmark the benchmark's builder, with the settings and any strategy set
     * @param settings the settings given to the builder, for the time limit
     * @param progress the display
     * @return the result
     */
    static BenchmarkResult run(Benchmark.Builder benchmark, BenchmarkSettings settings,
            Progress progress) {
        // The engine ends itself at its deadline; the extra minute only guards against a bug.
        Duration limit = settings.deadline().plus(settings.startupTimeout())
                .plus(Duration.ofMinutes(1));
        BenchmarkResult result;
        try (progress) {
            result = benchmark.requestListener(progress::request).build()
                    .events()
                    .doOnNext(progress::event)
                    .ofType(BenchmarkEvent.Finished.class)
                    .map(BenchmarkEvent.Finished::result)
                    .blockLast(limit);
        }
        if (result == null) {
            throw new IllegalStateException("the benchmark ended without a result");
        }
        return result;
    }
}
