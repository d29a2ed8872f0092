package dev.vespabench.sim;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a simulated server from the command line until the process is stopped, printing its
 * base URL on standard output.
 *
 * <pre>
 * java -cp ... dev.vespabench.sim.SimulatorMain --port 8000 --slots 64 --base-ms 4 \
 *     --per-seq-ms 0.1 --max-output 0 --model sim-model
 * </pre>
 */
public final class SimulatorMain {

    private static final String USAGE = String.join("\n",
            "Usage: SimulatorMain [options]",
            "  --port N        port to listen on, 0 for an ephemeral port (default 0)",
            "  --host ADDRESS  address to bind (default 127.0.0.1)",
            "  --slots S       sequences decoded together (default 64)",
            "  --base-ms X     fixed cost of one decoding step, in ms (default 4.0)",
            "  --per-seq-ms Y  added step cost per active sequence, in ms (default 0.1)",
            "  --max-output N  most tokens in any response, 0 for no limit (default 0)",
            "  --model NAME    model name to serve (default sim-model)",
            "  --no-usage      omit usage, and TGI details, from every response",
            "  --max-concurrent-requests N",
            "                  TGI requests in flight before more are rejected (default 128)",
            "  --image-workers W  ComfyUI image jobs that run at once (default 1)",
            "  --image-job-ms T   run time of one image job, in ms (default 1000)",
            FaultOptions.USAGE,
            "  --help          print this help");

    private static final Set<String> OPTIONS_WITH_VALUE = Set.of(
            "--port", "--host", "--slots", "--base-ms", "--per-seq-ms", "--max-output", "--model",
            "--max-concurrent-requests", "--fault", "--fault-seed", "--retry-after",
            "--slow-start", "--slow-start-ms", "--startup-ms", "--image-workers", "--image-job-ms");

    private SimulatorMain() {
    }

    /**
     * Starts a server from the arguments and blocks until the JVM shuts down. Invalid
     * arguments print a message and the usage on standard error and exit with status 2. A
     * server that cannot start prints the cause and exits with status 1.
     *
     * @param args the command-line options, described by {@code --help}
     * @throws InterruptedException when the main thread is interrupted while it waits
     */
    public static void main(String[] args) throws InterruptedException {
        Optional<SimulatorConfig> parsed;
        try {
            parsed = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        if (parsed.isEmpty()) {
            System.out.println(USAGE);
            return;
        }
        SimulatorConfig config = parsed.get();

        SimulatedServer server;
        try {
            server = Simulator.start(config);
        } catch (RuntimeException e) {
            System.err.println("error: failed to start the simulator on " + config.host() + ":"
                    + config.port() + ": " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "vespa-sim-shutdown"));
        System.out.println(server.baseUrl());
        System.out.flush();
        stopped.await();
    }

    /**
     * Parses the command-line options into settings.
     *
     * @param args the options
     * @return the settings, or empty when the options contain {@code --help}
     * @throws IllegalArgumentException naming the option when an option is unknown, lacks its
     *         value or has an invalid value
     */
    static Optional<SimulatorConfig> parse(String[] args) {
        SimulatorConfig.Builder builder = SimulatorConfig.builder();
        FaultOptions faults = new FaultOptions();
        int imageWorkers = ImageConfig.DEFAULT_WORKERS;
        double imageJobMillis = ImageConfig.DEFAULT_JOB_MILLIS;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (option.equals("--help") || option.equals("-h")) {
                return Optional.empty();
            }
            if (option.equals("--no-usage")) {
                builder.includeUsage(false);
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(OPTIONS_WITH_VALUE.contains(option)
                        ? "option " + option + " is missing its value"
                        : "unknown option " + option);
            }
            String value = args[++i];
            switch (option) {
                case "--port" -> builder.port(intValue(option, value));
                case "--host" -> builder.host(value);
                case "--slots" -> builder.slots(intValue(option, value));
                case "--base-ms" -> builder.baseStepMillis(doubleValue(option, value));
                case "--per-seq-ms" -> builder.perSequenceStepMillis(doubleValue(option, value));
                case "--max-output" -> builder.maxOutputTokens(intValue(option, value));
                case "--model" -> builder.modelName(value);
                case "--max-concurrent-requests" ->
                        builder.maxConcurrentRequests(intValue(option, value));
                case "--image-workers" -> imageWorkers = intValue(option, value);
                case "--image-job-ms" -> imageJobMillis = doubleValue(option, value);
                default -> {
                    if (!faults.accept(option, value)) {
                        throw new IllegalArgumentException("unknown option " + option);
                    }
                }
            }
        }
        return Optional.of(builder.faults(faults.build())
                .images(ImageConfig.of(imageWorkers, imageJobMillis))
                .build());
    }

    private static int intValue(String option, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "option " + option + " takes an integer, got '" + value + "'");
        }
    }

    private static double doubleValue(String option, String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "option " + option + " takes a number, got '" + value + "'");
        }
    }
}
