package dev.vespabench.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code vespa-bench} command and the program's entry point. */
@Command(name = "vespa-bench",
        mixinStandardHelpOptions = true,
        versionProvider = VespaBench.Version.class,
        description = "Measures the sustainable throughput of an AI inference backend in"
                + " workload units per second (generated tokens/s, or image jobs).",
        subcommands = {RunCommand.class, DemoCommand.class, ListCommand.class,
                SimulateCommand.class, CompletionCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {ExitCodes.MEASURED_HELP, ExitCodes.FALLBACK_HELP, ExitCodes.USAGE_HELP,
                ExitCodes.ERROR_HELP, ExitCodes.PARTIAL_HELP, ExitCodes.SIGNAL_HELP})
public final class VespaBench implements Runnable {

    @Spec
    CommandSpec spec;

    private final Map<String, String> environment;
    private final boolean systemStreams;

    /**
     * Creates the command with the given environment variables.
     *
     * @param environment the variables that supply defaults, such as {@code VESPA_BACKEND_URL}
     */
    public VespaBench(Map<String, String> environment) {
        this(environment, false);
    }

    private VespaBench(Map<String, String> environment, boolean systemStreams) {
        this.environment = Map.copyOf(environment);
        this.systemStreams = systemStreams;
    }

    /**
     * Runs the tool and exits with its status.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(execute(args, System.getenv(), new PrintWriter(System.out, true),
                new PrintWriter(System.err, true), true));
    }

    /**
     * Runs the tool with injected environment and writers, for tests and embedding.
     *
     * @param args the command line
     * @param environment the environment variables
     * @param out the writer for results
     * @param err the writer for errors and help on usage errors
     * @return the exit status
     */
    public static int execute(String[] args, Map<String, String> environment, PrintWriter out,
            PrintWriter err) {
        return execute(args, environment, out, err, false);
    }

    /**
     * Runs the tool; with {@code systemStreams} the writers are the process's own standard
     * output and error, so a progress line may be drawn on standard error when it is a
     * terminal.
     */
    static int execute(String[] args, Map<String, String> environment, PrintWriter out,
            PrintWriter err, boolean systemStreams) {
        CommandLine commandLine = new CommandLine(new VespaBench(environment, systemStreams))
                .setOut(out)
                .setErr(err)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(new ErrorHandler())
                .setParameterExceptionHandler(new UsageErrorHandler());
        int status;
        try {
            status = commandLine.execute(args);
        } finally {
            out.flush();
            err.flush();
        }
        // A PrintWriter keeps write errors to itself, such as a full disk or a closed pipe
        // behind standard output, so the result would be lost with status 0.
        if (out.checkError()) {
            err.println("error: failed to write the result to standard output; check where"
                    + " it goes (a full disk or a closed pipe), or pass --output FILE");
            err.flush();
            return status == ExitCodes.MEASURED ? ExitCodes.ERROR : status;
        }
        return status;
    }

    Map<String, String> environment() {
        return environment;
    }

    /**
     * Opens a progress line on standard error, when the tool writes to the process's own
     * streams and standard error is a terminal.
     *
     * @return the line, or empty
     */
    Optional<StatusLine> openStatusLine() {
        return systemStreams ? StatusLine.openOnStandardError(environment) : Optional.empty();
    }

    /**
     * Installs the handlers of SIGINT and SIGTERM when the tool runs as its own process. Inside
     * another program, such as a test, signals belong to that program and the returned
     * handlers never fire.
     *
     * @param err the writer of the messages printed before the process halts
     * @return the handlers; close them to restore the previous ones
     */
    SignalStop installSignalStop(PrintWriter err) {
        return systemStreams ? SignalStop.install(err) : SignalStop.none();
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The version from the build. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"vespa-bench " + version()};
        }
    }

    static String version() {
        Properties properties = new Properties();
        try (InputStream in = VespaBench.class.getResourceAsStream("/vespa-bench-version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            return "unknown";
        }
        return properties.getProperty("version", "unknown");
    }
}
