package dev.vespabench.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import dev.vespabench.sim.Fault;
import dev.vespabench.sim.FaultConfig;
import dev.vespabench.sim.ImageConfig;
import dev.vespabench.sim.SimulatedServer;
import dev.vespabench.sim.Simulator;
import dev.vespabench.sim.SimulatorConfig;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code simulate} subcommand: serves the simulated backends on a port until the process
 * is stopped, for people who want to point other tools at them.
 */
@Command(name = "simulate", sortOptions = false, mixinStandardHelpOptions = true,
        versionProvider = VespaBench.Version.class,
        description = {
                "Serves simulated inference backends until Ctrl-C: the OpenAI-compatible API"
                        + " (/v1/completions, /v1/chat/completions, /v1/models), TGI's"
                        + " (/generate, /generate_stream, /info), and ComfyUI's (/prompt,"
                        + " /history/ID) with the comfyui-json worker's /generate/sync.",
                "Each decoding step takes (base + per-seq * active) ms for up to SLOTS active"
                        + " sequences, so throughput at each concurrency is known in advance;"
                        + " the command prints those figures and GET /sim/analytic returns"
                        + " them."})
final class SimulateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--port", defaultValue = "8000", paramLabel = "N",
            description = "Port to listen on, 0 for any free port. Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--host", defaultValue = SimulatorConfig.DEFAULT_HOST,
            paramLabel = "ADDRESS",
            description = "Address to bind. Default: ${DEFAULT-VALUE}.")
    String host;

    @Option(names = "--slots", paramLabel = "N",
            defaultValue = "" + SimulatorConfig.DEFAULT_SLOTS,
            description = "Sequences decoded together. Default: ${DEFAULT-VALUE}.")
    int slots;

    @Option(names = "--base-ms", paramLabel = "MS",
            defaultValue = "" + SimulatorConfig.DEFAULT_BASE_STEP_MILLIS,
            description = "Fixed time of one decoding step. Default: ${DEFAULT-VALUE}.")
    double baseMillis;

    @Option(names = "--per-seq-ms", paramLabel = "MS",
            defaultValue = "" + SimulatorConfig.DEFAULT_PER_SEQUENCE_STEP_MILLIS,
            description = "Added step time per active sequence. Default: ${DEFAULT-VALUE}.")
    double perSequenceMillis;

    @Option(names = "--max-output", paramLabel = "N", defaultValue = "0",
            description = "Maximum tokens in any response, as a model that stops early; 0 for no"
                    + " limit. Default: ${DEFAULT-VALUE}.")
    int maxOutput;

    @Option(names = "--model", paramLabel = "NAME",
            defaultValue = SimulatorConfig.DEFAULT_MODEL_NAME,
            description = "Model name to serve; requests naming another are rejected."
                    + " Default: ${DEFAULT-VALUE}.")
    String model;

    @Option(names = "--no-usage",
            description = "Leave usage, and TGI's details, out of every response.")
    boolean noUsage;

    @Option(names = "--max-concurrent-requests", paramLabel = "N",
            defaultValue = "" + SimulatorConfig.DEFAULT_MAX_CONCURRENT_REQUESTS,
            description = "TGI requests in flight before more are rejected as overloaded."
                    + " Default: ${DEFAULT-VALUE}.")
    int maxConcurrentRequests;

    @Option(names = "--image-workers", paramLabel = "N",
            defaultValue = "" + ImageConfig.DEFAULT_WORKERS,
            description = "ComfyUI image jobs that run at once. Default: ${DEFAULT-VALUE}.")
    int imageWorkers;

    @Option(names = "--image-job-ms", paramLabel = "MS",
            defaultValue = "" + ImageConfig.DEFAULT_JOB_MILLIS,
            description = "Run time of one ComfyUI image job. Default: ${DEFAULT-VALUE}.")
    double imageJobMillis;

    @Option(names = "--image-jobs-never-finish",
            description = "Let every started image job run forever, to test time limits.")
    boolean imageJobsNeverFinish;

    @Option(names = "--fault", paramLabel = "NAME=RATE",
            description = "Inject a fault into this share (0 to 1) of generation requests;"
                    + " repeatable. NAME: server-error, rate-limited, unavailable,"
                    + " connection-reset, truncated-json, hang, truncated-stream.")
    Map<String, Double> faults = new LinkedHashMap<>();

    @Option(names = "--fault-seed", paramLabel = "N",
            defaultValue = "" + FaultConfig.DEFAULT_SEED,
            description = "Seed of the fault draws. Default: ${DEFAULT-VALUE}.")
    long faultSeed;

    @Option(names = "--retry-after", paramLabel = "SECONDS",
            defaultValue = "" + FaultConfig.DEFAULT_RETRY_AFTER_SECONDS,
            description = "Retry-After of injected 429 and 503 responses."
                    + " Default: ${DEFAULT-VALUE}.")
    int retryAfter;

    @Option(names = "--slow-start", paramLabel = "N", defaultValue = "0",
            description = "Delay the first N generation requests, as a server that loads its"
                    + " model on first use. Default: ${DEFAULT-VALUE}.")
    int slowRequests;

    @Option(names = "--slow-start-ms", paramLabel = "MS", defaultValue = "0",
            description = "Delay of each of those requests. Default: ${DEFAULT-VALUE}.")
    long slowMillis;

    @Option(names = "--startup-ms", paramLabel = "MS", defaultValue = "0",
            description = "Return 503 on every route for this long after start-up."
                    + " Default: ${DEFAULT-VALUE}.")
    long startupMillis;

    @Mixin
    LoggingOptions logging;

    @Override
    public Integer call() {
        logging.apply();
        SimulatorConfig config = config();
        checkHost(config.host());
        PrintWriter out = spec.commandLine().getOut();

        SimulatedServer server;
        try {
            server = Simulator.start(config);
        } catch (RuntimeException e) {
            // The host was checked, so a failed bind comes from the port, which is in use or
            // needs privileges.
            String reason = bindFailure(e);
            if (reason != null) {
                throw new UsageException("failed to listen on " + config.host() + ":"
                        + config.port() + ": " + reason + "; choose another --port, or"
                        + " --port 0 for any free one");
            }
            spec.commandLine().getErr().println("error: failed to start the simulator on "
                    + config.host() + ":" + config.port() + ": " + e.getMessage());
            return ExitCodes.ERROR;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "vespa-bench-simulate-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        describe(server, out);
        out.flush();

        try {
            stopped.await();
        } catch (InterruptedException e) {
            // Embedders and tests stop the command by interrupting its thread. The flag is
            // restored after closing, because closing waits and would fail at once.
            Runtime.getRuntime().removeShutdownHook(hook);
            server.close();
            Thread.currentThread().interrupt();
        }
        return ExitCodes.MEASURED;
    }

    private SimulatorConfig config() {
        try {
            FaultConfig.Builder faultConfig = FaultConfig.builder().seed(faultSeed)
                    .retryAfterSeconds(retryAfter)
                    .slowStart(slowRequests, Duration.ofMillis(slowMillis))
                    .startupPeriod(Duration.ofMillis(startupMillis));
            faults.forEach((name, rate) -> faultConfig.rate(Fault.fromKey(name.trim()), rate));
            return SimulatorConfig.builder().port(port).host(host).slots(slots)
                    .baseStepMillis(baseMillis).perSequenceStepMillis(perSequenceMillis)
                    .maxOutputTokens(maxOutput).modelName(model).includeUsage(!noUsage)
                    .maxConcurrentRequests(maxConcurrentRequests).faults(faultConfig.build())
                    .images(ImageConfig.of(imageWorkers, imageJobMillis)
                            .withJobsNeverFinish(imageJobsNeverFinish))
                    .build();
        } catch (IllegalArgumentException e) {
            throw SimulatorOptionNames.usageError(e);
        }
    }

    /**
     * Rejects a host that is not an address of this machine, which no port can fix. A host
     * name is resolved as the bind would resolve it.
     */
    private static void checkHost(String host) {
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new UsageException("invalid --host '" + host + "': it is neither an IP"
                    + " address nor a host name that resolves; pass an address of this machine,"
                    + " such as 127.0.0.1");
        }
        boolean local;
        try {
            local = address.isAnyLocalAddress()
                    || NetworkInterface.getByInetAddress(address) != null;
        } catch (SocketException e) {
            // The interfaces could not be listed, so the bind decides.
            return;
        }
        if (!local) {
            throw new UsageException("invalid --host '" + host + "': " + address.getHostAddress()
                    + " is not an address of this machine; pass one of its addresses, such as"
                    + " 127.0.0.1");
        }
    }

    /**
     * Returns the operating system's reason for a failed bind, such as "Address already in
     * use", from the first {@link IOException} among the causes, or null when there is none.
     */
    private static @Nullable String bindFailure(RuntimeException error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException && cause.getMessage() != null) {
                // Netty's native transport writes "bind(..) failed with error(-98): Address
                // already in use", so the reason is the text after the last ": ".
                String message = cause.getMessage();
                return message.substring(message.lastIndexOf(": ") + 1).trim();
            }
        }
        return null;
    }

    private void describe(SimulatedServer server, PrintWriter out) {
        SimulatorConfig config = server.config();
        out.printf("url        %s%n", server.baseUrl());
        out.printf("model      %s%n", config.modelName());
        out.printf(Locale.ROOT, "batching   %d slots, step %.3f ms + %.3f ms per active"
                + " sequence%n", config.slots(), config.baseStepMillis(),
                config.perSequenceStepMillis());
        TreeSet<Integer> levels = new TreeSet<>();
        for (int level = 1; level < config.slots(); level *= 4) {
            levels.add(level);
        }
        levels.add(10);
        levels.add(config.slots());
        StringJoiner figures = new StringJoiner(", ");
        for (int level : levels.headSet(config.slots(), true)) {
            figures.add(String.format(Locale.ROOT, "%d: %.1f", level,
                    server.analyticThroughput(level)));
        }
        out.printf("analytic   tokens/s at concurrency %s%n", figures);
        out.printf(Locale.ROOT, "capacity   %.1f tokens/s with all %d slots busy%n",
                server.analyticCapacity(), config.slots());
        ImageConfig images = config.images();
        out.printf(Locale.ROOT, "images     %d workers, %.1f ms per job: %.3f jobs/s when all"
                + " are busy%n", images.workers(), images.jobMillis(),
                server.analyticJobsPerSecond(images.workers()));
        out.printf("faults     %s%n", describeFaults(config.faults()));
        out.printf("try        vespa-bench run openai-chat --url %s%n", server.baseUrl());
        out.println("Press Ctrl-C to stop.");
    }

    private static String describeFaults(FaultConfig faults) {
        if (!faults.enabled()) {
            return "none";
        }
        StringJoiner text = new StringJoiner(", ");
        faults.rates().forEach((fault, rate) -> text.add(fault.key() + "=" + rate));
        if (faults.slowRequests() > 0) {
            text.add("slow start of " + faults.slowRequests() + " requests by "
                    + faults.slowDelay().toMillis() + " ms");
        }
        if (!faults.startupPeriod().isZero()) {
            text.add("503 for " + faults.startupPeriod().toMillis() + " ms after start-up");
        }
        text.add("seed " + faults.seed());
        return text.toString();
    }
}
