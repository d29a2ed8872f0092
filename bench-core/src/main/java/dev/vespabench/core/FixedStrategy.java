package dev.vespabench.core;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.vespabench.core.internal.RunAccumulator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The compatibility protocol: R runs, each a wave that starts N requests together and ends when
 * the last one finishes. A run's throughput is its successful workload over its wall time.
 *
 * @param runs the number of runs
 * @param concurrency the requests in each wave
 */
public record FixedStrategy(int runs, int concurrency) implements LoadStrategy {

    @Override
    public Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("runs", Integer.toString(runs));
        settings.put("concurrency", Integer.toString(concurrency));
        return settings;
    }

    /** Creates the strategy, checking that both counts are positive. */
    public FixedStrategy {
        Checks.atLeast("runs", runs, 1);
        Checks.atLeast("concurrency", concurrency, 1);
    }

    @Override
    public String name() {
        return "fixed";
    }

    @Override
    public Flux<RunResult> execute(LoadContext context) {
        return Flux.range(1, runs).concatMap(index -> Mono.defer(() -> wave(context, index)));
    }

    private Mono<RunResult> wave(LoadContext context, int index) {
        long start = context.nanoTime();
        RunAccumulator accumulator = new RunAccumulator();
        return Flux.range(0, concurrency)
                .flatMap(i -> context.send(accumulator.observer()), concurrency)
                .reduce(accumulator, RunAccumulator::add)
                .map(fold -> fold.toRunResult(index, concurrency,
                        Duration.ofNanos(context.nanoTime() - start)));
    }
}
