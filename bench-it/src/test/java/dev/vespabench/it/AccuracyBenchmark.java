package dev.vespabench.it;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.vespabench.api.Backend;
import dev.vespabench.api.BackendOptions;
import dev.vespabench.core.Backends;
import dev.vespabench.core.Benchmark;
import dev.vespabench.core.BenchmarkResult;
import dev.vespabench.core.BenchmarkSettings;
import dev.vespabench.core.LoadStrategy;
import dev.vespabench.core.RunResult;
import dev.vespabench.core.SteadyStrategy;
import dev.vespabench.core.Strategies;
import dev.vespabench.core.WindowSettings;
import dev.vespabench.sim.SimulatedServer;
import dev.vespabench.sim.Simulator;
import dev.vespabench.sim.SimulatorConfig;

/**
 * The accuracy benchmark, run by hand through {@code benchmarks/accuracy.sh}, not by the unit
 * tests: each strategy against the simulator at several slot counts, with the analytic figure,
 * the measured one, the error and the wall time side by side.
 *
 * <p>{@code table [slots...]} runs, for each slot count (1, 8, 32 and 128 by default), the
 * compatibility protocol (8 waves of 10 requests of 500 tokens), a steady run at the slot
 * count, and the capacity search. Each is compared with the simulator's figure for its load.
 * The fixed protocol's is a burst of 10 requests, which runs in waves when 10 exceeds the slot
 * count. The steady run's is the steady-state throughput at the slot count, and the capacity
 * search's is the capacity. The protocol's wall time is what the old benchmark takes on
 * that backend, so the capacity search must finish within it plus 60 s. {@code hold} keeps
 * 1,000 streams in flight against a simulator with 1,000 slots, to be run with
 * {@code -Xmx256m}.
 */
final class AccuracyBenchmark {

    private static final Duration DEADLINE = Duration.ofMinutes(20);
    private static final Duration CAPACITY_MARGIN = Duration.ofSeconds(60);
    private static final double TARGET_ERROR = 0.03;

    private AccuracyBenchmark() {
    }

    public static void main(String[] args) {
        String mode = args.length == 0 ? "table" : args[0];
        switch (mode) {
            case "table" -> table(args.length > 1
                    ? Arrays.stream(args, 1, args.length).mapToInt(Integer::parseInt).toArray()
                    : new int[] {1, 8, 32, 128});
            case "hold" -> hold();
            default -> {
                System.err.println("usage: AccuracyBenchmark [table [slots...] | hold]");
                System.exit(2);
            }
        }
        System.exit(0);
    }

    private static void table(int[] slotCounts) {
        List<String> rows = new ArrayList<>();
        rows.add(String.format(Locale.ROOT, "| %5s | %-8s | %11s | %-12s | %10s | %10s |"
                + " %7s | %8s | %8s | %-6s |", "slots", "strategy", "concurrency",
                "analytic for", "analytic", "measured", "error %", "wall s", "limit s",
                "target"));
        rows.add("|------:|----------|------------:|--------------|-----------:|-----------:|"
                + "--------:|---------:|---------:|--------|");
        for (int slots : slotCounts) {
            SimulatorConfig config = SimulatorConfig.builder().slots(slots).build();
            try (SimulatedServer server = Simulator.start(config)) {
                BenchmarkResult fixed = run(server, false, Strategies.fixed(8, 10));
                rows.add(row(slots, fixed, "burst of 10", server.analyticBurstThroughput(10),
                        null));
                printLast(rows);
                double steadyState = server.analyticThroughput(10);
                System.out.printf(Locale.ROOT, "  fixed against the steady-state figure at 10:"
                        + " %.1f, error %+.2f%%%n", steadyState,
                        100 * (fixed.value() - steadyState) / steadyState);

                BenchmarkResult steady = run(server, true, Strategies.steady(slots));
                rows.add(row(slots, steady, "steady state", server.analyticThroughput(slots),
                        null));
                printLast(rows);

                BenchmarkResult capacity = run(server, true, Strategies.capacity());
                rows.add(row(slots, capacity, "capacity", server.analyticCapacity(),
                        fixed.elapsed().plus(CAPACITY_MARGIN)));
                printLast(rows);
                System.out.println("  capacity curve: " + curve(capacity));
            }
        }
        System.out.println();
        rows.forEach(System.out::println);
    }

    private static void hold() {
        int streams = 1000;
        SimulatorConfig config = SimulatorConfig.builder().slots(streams).build();
        try (SimulatedServer server = Simulator.start(config)) {
            SteadyStrategy strategy = new SteadyStrategy(streams, WindowSettings.capacityLevel());
            Backend backend = backend(true, 100);

            BenchmarkResult result = Benchmark.builder(backend).settings(settings(server))
                    .strategy(strategy).build().result().block(DEADLINE);

            RunResult run = result.runs().get(0);
            double analytic = server.analyticThroughput(streams);
            System.out.printf(Locale.ROOT, "hold: %d streams of 100 tokens, max heap %d MiB,"
                    + " peak heap used %d MiB%n", streams,
                    Runtime.getRuntime().maxMemory() >> 20, peakHeapBytes() >> 20);
            System.out.printf(Locale.ROOT, "hold: requests %d failed %d failures %s%n",
                    run.requests(), run.failed(), run.failures());
            System.out.printf(Locale.ROOT, "hold: analytic %.1f measured %.1f error %.2f%%"
                    + " wall %.1f s ttft p95 %.0f ms itl p95 %.0f ms%n", analytic, result.value(),
                    100 * (result.value() - analytic) / analytic,
                    result.elapsed().toMillis() / 1000.0, run.timeToFirstToken().p95(),
                    run.interTokenLatency().p95());
        }
    }

    private static BenchmarkResult run(SimulatedServer server, boolean stream,
            LoadStrategy strategy) {
        return Benchmark.builder(backend(stream, 500)).settings(settings(server))
                .strategy(strategy).build().result().block(DEADLINE.plusMinutes(1));
    }

    private static Backend backend(boolean stream, int maxTokens) {
        return Backends.load().find("openai").create(new BackendOptions(Map.of("model",
                SimulatorConfig.DEFAULT_MODEL_NAME, "max-tokens", Integer.toString(maxTokens),
                "stream", Boolean.toString(stream)), Map.of()));
    }

    private static BenchmarkSettings settings(SimulatedServer server) {
        return BenchmarkSettings.builder(server.baseUrl()).seed(1).deadline(DEADLINE).build();
    }

    private static String row(int slots, BenchmarkResult result, String figure,
            double analytic, Duration limit) {
        double error = (result.value() - analytic) / analytic;
        boolean fast = limit == null || result.elapsed().compareTo(limit) < 0;
        String target = Math.abs(error) <= TARGET_ERROR && fast && result.measured() ? "met"
                : "missed";
        int concurrency = result.bestRun().map(RunResult::concurrency).orElse(0);
        return String.format(Locale.ROOT, "| %5d | %-8s | %11d | %-12s | %10.1f | %10.1f |"
                + " %+7.2f | %8.1f | %8s | %-6s |", slots, result.strategy(), concurrency,
                figure, analytic, result.value(), 100 * error,
                result.elapsed().toMillis() / 1000.0,
                limit == null ? "" : String.format(Locale.ROOT, "%.1f", limit.toMillis() / 1000.0),
                target);
    }

    private static String curve(BenchmarkResult result) {
        StringBuilder text = new StringBuilder();
        for (RunResult level : result.runs()) {
            text.append(String.format(Locale.ROOT, "%d:%.0f ", level.concurrency(),
                    level.throughput()));
        }
        return text.toString().trim();
    }

    private static void printLast(List<String> rows) {
        System.out.println(rows.get(rows.size() - 1));
    }

    private static long peakHeapBytes() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }
}
