package dev.vespabench.cli;

import java.io.PrintWriter;
import java.time.Duration;

import dev.vespabench.api.Backend;
import dev.vespabench.core.Benchmark;
import dev.vespabench.core.BenchmarkResult;
import dev.vespabench.core.BenchmarkSettings;

/** Runs a benchmark to its end and prints the result, for {@code run} and {@code demo}. */
final class BenchmarkRunner {

    private BenchmarkRunner() {
    }

    static BenchmarkResult run(Backend backend, BenchmarkSettings settings) {
        // The engine ends itself at its deadline; the extra minute only guards against a bug.
        Duration limit = settings.deadline().plus(settings.startupTimeout())
                .plus(Duration.ofMinutes(1));
        BenchmarkResult result = Benchmark.builder(backend).settings(settings).build()
                .result()
                .block(limit);
        if (result == null) {
            throw new IllegalStateException("the benchmark ended without a result");
        }
        return result;
    }

    static void print(BenchmarkResult result, String url, boolean json, PrintWriter out) {
        if (json) {
            out.println(ResultPrinter.json(result, url, false));
        } else {
            ResultPrinter.human(result, url, out);
        }
    }
}
