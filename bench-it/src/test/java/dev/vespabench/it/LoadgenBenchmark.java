package dev.vespabench.it;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import com.sun.management.OperatingSystemMXBean;
import com.sun.management.ThreadMXBean;
import dev.vespabench.api.Backend;
import dev.vespabench.api.BackendOptions;
import dev.vespabench.api.Call;
import dev.vespabench.api.RequestContext;
import dev.vespabench.core.Backends;
import dev.vespabench.core.Benchmark;
import dev.vespabench.core.BenchmarkResult;
import dev.vespabench.core.BenchmarkSettings;
import dev.vespabench.core.LoadContext;
import dev.vespabench.core.LoadStrategy;
import dev.vespabench.core.RequestResult;
import dev.vespabench.core.RunResult;
import dev.vespabench.core.SteadyStrategy;
import dev.vespabench.core.WindowSettings;
import dev.vespabench.core.internal.RunAccumulator;
import reactor.core.publisher.Flux;

/**
 * The load generator benchmark's engine side, run by hand through {@code benchmarks/loadgen.sh},
 * not by the unit tests. It loads an OpenAI-compatible completions endpoint through the
 * {@code openai} backend with whole-body JSON parsing, and prints one {@code key=value} line
 * that the script reads.
 *
 * <p>{@code throughput URL CONCURRENCY SECONDS} keeps CONCURRENCY requests in flight with the
 * steady strategy for SECONDS, after a warm-up run of the same kind that lets the JIT compile
 * the hot path. It prints requests/s, the process CPU time of the measured run and the latency
 * percentiles. {@code hold URL REQUESTS} starts REQUESTS requests at once against a slow
 * endpoint, waits for all of them, and prints the most that were in flight together, the peak
 * heap and the peak resident size. {@code body} prints the body of one measured request, for
 * wrk to send.
 */
final class LoadgenBenchmark {

    private static final Duration DEADLINE = Duration.ofMinutes(10);
    private static final Duration WARMUP = Duration.ofSeconds(5);
    private static final int MAX_TOKENS = 16;

    private LoadgenBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 4 && args[0].equals("throughput")) {
            throughput(args[1], Integer.parseInt(args[2]),
                    Duration.ofMillis(Math.round(Double.parseDouble(args[3]) * 1000)));
        } else if (args.length == 3 && args[0].equals("hold")) {
            hold(args[1], Integer.parseInt(args[2]));
        } else if (args.length == 1 && args[0].equals("body")) {
            Call call = backend().request(new RequestContext(0, "vb-0", new SplittableRandom(1)));
            System.out.write(call.request().body());
            System.out.flush();
        } else {
            System.err.println("usage: LoadgenBenchmark throughput URL CONCURRENCY SECONDS"
                    + " | hold URL REQUESTS | body");
            System.exit(2);
        }
        System.exit(0);
    }

    private static void throughput(String url, int concurrency, Duration period) {
        steady(url, concurrency, WARMUP, result -> { });
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        AllocationCounter allocation = new AllocationCounter();
        long cpuBefore = os.getProcessCpuTime();

        RunResult run = steady(url, concurrency, period, allocation);

        double cpuSeconds = (os.getProcessCpuTime() - cpuBefore) / 1e9;
        long allocated = allocation.total();
        double seconds = run.duration().toNanos() / 1e9;
        System.out.printf(Locale.ROOT, "engine concurrency=%d requests=%d failed=%d seconds=%.3f"
                + " rps=%.1f cpu_s=%.3f alloc_kib_per_request=%.2f p50_ms=%.3f p99_ms=%.3f"
                + " failures=%s%n", concurrency, run.requests(), run.failed(), seconds,
                run.requests() / seconds, cpuSeconds, allocated / 1024.0 / run.requests(),
                run.latency().p50(), run.latency().p99(), run.failures());
    }

    /**
     * Runs the steady strategy for the whole period. The tolerance is too tight to converge, so
     * the run stops at its time limit. No ramp is skipped, because only counts are used.
     */
    private static RunResult steady(String url, int concurrency, Duration period,
            Consumer<RequestResult> listener) {
        WindowSettings windows = WindowSettings.steady()
                .withRamp(Duration.ZERO)
                .withWindow(Duration.ofMillis(500))
                .withWindows(2, 100_000)
                .withTolerance(1e-9)
                .withMaxDuration(period);
        BenchmarkResult result = Benchmark.builder(backend())
                .settings(settings(url, Duration.ofSeconds(30), true))
                .strategy(new SteadyStrategy(concurrency, windows))
                .requestListener(listener)
                .build().result().block(DEADLINE);
        return result.runs().get(0);
    }

    private static void hold(String url, int requests) throws IOException {
        HoldStrategy strategy = new HoldStrategy(requests, new AtomicInteger(), new AtomicInteger());

        BenchmarkResult result = Benchmark.builder(backend())
                .settings(settings(url, DEADLINE, false))
                .strategy(strategy)
                .build().result().block(DEADLINE.plusMinutes(1));

        RunResult run = result.runs().get(0);
        long gcCount = 0;
        long gcMillis = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcCount += gc.getCollectionCount();
            gcMillis += gc.getCollectionTime();
        }
        System.out.printf(Locale.ROOT, "hold requests=%d failed=%d max_in_flight=%d"
                + " max_heap_mib=%d peak_heap_mib=%d peak_rss_mib=%d gc_count=%d gc_ms=%d"
                + " seconds=%.1f p50_ms=%.0f failures=%s%n", run.requests(), run.failed(),
                strategy.maxInFlight().get(), Runtime.getRuntime().maxMemory() >> 20,
                peakHeapBytes() >> 20, peakResidentKib() >> 10, gcCount, gcMillis,
                run.duration().toMillis() / 1000.0, run.latency().p50(), run.failures());
    }

    private static Backend backend() {
        return Backends.load().find("openai").create(new BackendOptions(Map.of("model",
                "sim-model", "max-tokens", Integer.toString(MAX_TOKENS), "stream", "false"),
                Map.of()));
    }

    private static BenchmarkSettings settings(String url, Duration requestTimeout,
            boolean warmup) {
        return BenchmarkSettings.builder(url).seed(1).deadline(DEADLINE).warmup(warmup)
                .requestTimeout(requestTimeout).connectTimeout(Duration.ofSeconds(60)).build();
    }

    /**
     * A request listener that counts the bytes allocated by the threads that finish requests,
     * from each thread's first result to its last. The engine's event loops stop when its run
     * ends, so their counts must be read while they run.
     */
    private static final class AllocationCounter implements Consumer<RequestResult> {
        private final ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        private final Map<Thread, long[]> firstAndLast = new ConcurrentHashMap<>();

        @Override
        public void accept(RequestResult result) {
            long bytes = threads.getCurrentThreadAllocatedBytes();
            firstAndLast.computeIfAbsent(Thread.currentThread(), thread -> new long[] {bytes, 0})[1]
                    = bytes;
        }

        long total() {
            return firstAndLast.values().stream().mapToLong(counts -> counts[1] - counts[0]).sum();
        }
    }

    /** Returns the sum of the heap pools' peaks, which is at least the peak of their total. */
    private static long peakHeapBytes() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }

    /** Returns the process's peak resident set size (VmHWM) in KiB, or -1 off Linux. */
    private static long peakResidentKib() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return -1;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    /**
     * One wave that starts every request at once and counts how many are in flight, from
     * subscription to result.
     */
    private record HoldStrategy(int requests, AtomicInteger inFlight, AtomicInteger maxInFlight)
            implements LoadStrategy {

        @Override
        public String name() {
            return "hold";
        }

        @Override
        public Map<String, String> settings() {
            return Map.of("requests", Integer.toString(requests));
        }

        @Override
        public Flux<RunResult> execute(LoadContext context) {
            return Flux.defer(() -> wave(context));
        }

        private Flux<RunResult> wave(LoadContext context) {
            long start = context.nanoTime();
            return Flux.range(0, requests)
                    .flatMap(i -> context.send()
                            .doOnSubscribe(subscription ->
                                    maxInFlight.accumulateAndGet(inFlight.incrementAndGet(),
                                            Math::max))
                            .doFinally(signal -> inFlight.decrementAndGet()), requests)
                    .reduce(new RunAccumulator(), RunAccumulator::add)
                    .map(fold -> fold.toRunResult(1, requests,
                            Duration.ofNanos(context.nanoTime() - start)))
                    .flux();
        }

        @Override
        public OptionalInt maxRequestsInFlight() {
            return OptionalInt.of(requests);
        }
    }
}
