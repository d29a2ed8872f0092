package dev.vespabench.core;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.vespabench.core.internal.RunAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The compatibility protocol: R runs, each a wave that starts N requests together and ends when
 * the last one finishes. A run's throughput is its successful workload over its wall time.
 *
 * <p>After {@value #HUNG_RUNS} consecutive runs in which every request timed out, the
 * remaining runs are skipped: a server that never responds would otherwise hold the benchmark
 * for R request timeouts, 40 minutes with the defaults, before the same fallback.
 *
 * @param runs the number of runs
 * @param concurrency the requests in each wave
 */
public record FixedStrategy(int runs, int concurrency) implements LoadStrategy {

    /** The consecutive runs of nothing but timeouts that end the strategy early. */
    public static final int HUNG_RUNS = 2;

    private static final Logger log = LoggerFactory.getLogger(Benchmark.class);

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
        AtomicInteger hung = new AtomicInteger();
        return Flux.range(1, runs)
                .concatMap(index -> Mono.defer(() -> wave(context, index)))
                .takeUntil(run -> {
                    if (!allTimedOut(run)) {
                        hung.set(0);
                        return false;
                    }
                    if (hung.incrementAndGet() < HUNG_RUNS || run.index() == runs) {
                        return false;
                    }
                    log.warn("every request of the last {} runs timed out; skipping the"
                            + " remaining {} runs", HUNG_RUNS, runs - run.index());
                    return true;
                });
    }

    private static boolean allTimedOut(RunResult run) {
        return run.requests() > 0
                && run.failures().getOrDefault("timeout", 0L) == run.requests();
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
