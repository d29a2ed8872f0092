package dev.vespabench.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.vespabench.api.Backend;
import dev.vespabench.api.BackendOptions;
import dev.vespabench.core.Backends;
import dev.vespabench.core.Benchmark;
import dev.vespabench.core.BenchmarkResult;
import dev.vespabench.core.BenchmarkSettings;
import dev.vespabench.core.LoadStrategy;
import dev.vespabench.sim.SimulatedServer;
import dev.vespabench.sim.Simulator;
import dev.vespabench.sim.SimulatorConfig;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * The {@code demo} subcommand: starts the built-in simulator on 127.0.0.1 and benchmarks it,
 * printing the measured figure beside the simulator's analytic one.
 */
@Command(name = "demo", sortOptions = false, mixinStandardHelpOptions = true,
        versionProvider = VespaBench.Version.class,
        description = {
                "Starts a simulated OpenAI-compatible server on 127.0.0.1 and benchmarks it, so"
                        + " you can see vespa-bench work without a GPU.",
                "The simulator decodes one token per active sequence per step of"
                        + " (base + per-seq * active) ms, so its throughput is known exactly;"
                        + " the demo prints the measured and the analytic figures side by side."})
final class DemoCommand implements Callable<Integer> {

    @ParentCommand
    VespaBench root;

    @Spec
    CommandSpec spec;

    @Option(names = "--backend", defaultValue = "openai-chat", paramLabel = "BACKEND",
            completionCandidates = CompletionCandidates.DemoBackends.class,
            description = "Backend to benchmark the simulator with: openai or openai-chat."
                    + " Default: ${DEFAULT-VALUE}.")
    String backendName;

    @Option(names = "--runs", defaultValue = "3", paramLabel = "N",
            description = "Number of runs. Default: ${DEFAULT-VALUE}.")
    int runs;

    @Option(names = {"-c", "--concurrency"}, defaultValue = "10", paramLabel = "N",
            description = "Requests in flight in each run. Default: ${DEFAULT-VALUE}.")
    int concurrency;

    @Option(names = "--slots", defaultValue = "64", paramLabel = "N",
            description = "Sequences the simulator decodes together. Default: ${DEFAULT-VALUE}.")
    int slots;

    @Option(names = "--base-ms", defaultValue = "4.0", paramLabel = "MS",
            description = "Fixed time of one decoding step. Default: ${DEFAULT-VALUE}.")
    double baseMillis;

    @Option(names = "--per-seq-ms", defaultValue = "0.1", paramLabel = "MS",
            description = "Added step time per active sequence. Default: ${DEFAULT-VALUE}.")
    double perSequenceMillis;

    @Option(names = "--seed", paramLabel = "N",
            description = "Seed of the random prompts and of Poisson arrivals, for repeatable"
                    + " requests. Default: random.")
    @Nullable Long seed;

    @Mixin
    BackendOptionArgs backendOptions;

    @Mixin
    StrategyOptions strategy;

    @Mixin
    OutputOptions output;

    @Mixin
    LoggingOptions logging;

    @Override
    public Integer call() {
        logging.apply();
        if (runs < 1 || concurrency < 1) {
            throw new UsageException("invalid " + (runs < 1 ? "--runs " + runs
                    : "--concurrency " + concurrency) + ": expected a whole number of at least 1");
        }
        if (!backendName.startsWith("openai")) {
            throw new UsageException("invalid --backend '" + backendName
                    + "': the demo simulator speaks the OpenAI API; use openai or openai-chat");
        }
        SimulatorConfig config;
        try {
            config = SimulatorConfig.builder().slots(slots).baseStepMillis(baseMillis)
                    .perSequenceStepMillis(perSequenceMillis).build();
        } catch (IllegalArgumentException e) {
            throw SimulatorOptionNames.usageError(e);
        }
        Backend backend = Backends.load().find(backendName)
                .create(new BackendOptions(backendOptions.values(), Map.of()));
        strategy.rejectTtftWithoutStream(backendName, backend.info().settings());
        output.check();
        PrintWriter out = spec.commandLine().getOut();

        try (SimulatedServer server = Simulator.start(config)) {
            BenchmarkSettings.Builder builder = BenchmarkSettings.builder(server.baseUrl())
                    .runs(runs).concurrency(concurrency);
            if (seed != null) {
                builder.seed(seed);
            }
            BenchmarkSettings settings = builder.build();
            LoadStrategy load = strategy.create(runs, concurrency, settings.seed());
            strategy.checkOpenFiles(load, concurrency, 2);
            Progress progress = Progress.open(root, logging.quiet, settings.deadline(),
                    strategy.plannedRuns(runs));
            BenchmarkResult result = BenchmarkRunner.run(
                    Benchmark.builder(backend).settings(settings).strategy(load), settings,
                    progress);
            output.write(result, new ReportContext(server.baseUrl(), settings,
                    backend.defaults(), load.settings()), out);
            if (!output.json) {
                printAnalytic(result, server, out);
            }
            return ExitCodes.of(result);
        }
    }

    /** Prints the simulator's analytic figure that the strategy's result compares with. */
    private void printAnalytic(BenchmarkResult result, SimulatedServer server, PrintWriter out) {
        double capacity = server.analyticCapacity();
        if (result.strategy().equals("capacity")) {
            Integer highest = strategy.maxConcurrency;
            if (highest != null && highest < slots) {
                // The search stops below the slot count, where the server cannot be full.
                double reachable = server.analyticThroughput(highest);
                double error = (result.value() - reachable) / reachable * 100;
                out.printf(Locale.ROOT, "analytic  %.2f tokens/s at --max-concurrency %d"
                        + " (measured %+.1f%%); capacity %.2f tokens/s at %d slots%n",
                        reachable, highest, error, capacity, slots);
                return;
            }
            double error = (result.value() - capacity) / capacity * 100;
            out.printf(Locale.ROOT, "analytic  capacity %.2f tokens/s at %d slots (measured"
                    + " %+.1f%%)%n", capacity, slots, error);
            return;
        }
        if (result.strategy().equals("rate")) {
            out.printf(Locale.ROOT, "analytic  capacity %.2f tokens/s at %d slots; an"
                    + " open-loop run reaches it only when the arrivals ask for that much%n",
                    capacity, slots);
            return;
        }
        // A fixed run is a burst: with more requests than slots it runs in waves, which the
        // steady-state figure does not model.
        boolean burst = result.strategy().equals("fixed");
        double analytic = burst ? server.analyticBurstThroughput(concurrency)
                : server.analyticThroughput(concurrency);
        double error = (result.value() - analytic) / analytic * 100;
        out.printf(Locale.ROOT, "analytic  %.2f tokens/s for %s %d (measured %+.1f%%);"
                + " capacity %.2f tokens/s at %d slots%n", analytic,
                burst ? "a burst of" : "concurrency", concurrency, error, capacity, slots);
    }
}
