package dev.vespabench.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/** Options that set how much vespa-bench logs to stderr. */
final class LoggingOptions {

    @Option(names = {"-v", "--verbose"},
            description = "Log every request failure and show stack traces of unexpected errors.")
    boolean verbose;

    @Option(names = {"-q", "--quiet"}, description = "Log only warnings and errors.")
    boolean quiet;

    void apply() {
        Level level = verbose ? Level.DEBUG : quiet ? Level.WARN : Level.INFO;
        if (LoggerFactory.getLogger("dev.vespabench") instanceof Logger logger) {
            logger.setLevel(level);
        }
        // The engine counts every failed request and logs the first of each cause, so the
        // network library's own warnings, one per failed connection, only repeat them.
        Level network = verbose ? Level.WARN : Level.ERROR;
        for (String name : new String[] {"reactor.netty", "io.netty"}) {
            if (LoggerFactory.getLogger(name) instanceof Logger logger) {
                logger.setLevel(network);
            }
        }
    }
}
