package dev.vespabench.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

import dev.vespabench.core.ResultCache;
import picocli.CommandLine;

/**
 * Turns an exception from a command into a one-line message and an exit status. Invalid
 * settings are usage errors; anything else is unexpected and shows its stack trace only with
 * {@code --verbose}.
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception error, CommandLine commandLine,
            CommandLine.ParseResult parseResult) {
        if (error instanceof IllegalArgumentException || error instanceof UsageException) {
            commandLine.getErr().println("error: " + Secrets.redact(describe(error)));
            return ExitCodes.USAGE;
        }
        if (error instanceof ResultCache.CacheException) {
            commandLine.getErr().println("error: " + Secrets.redact(withCacheHint(error)));
            return ExitCodes.ERROR;
        }
        commandLine.getErr().println("error: " + Secrets.redact(describe(error)));
        if (verbose(parseResult)) {
            StringWriter trace = new StringWriter();
            error.printStackTrace(new PrintWriter(trace));
            commandLine.getErr().print(Secrets.redact(trace.toString()));
        } else {
            commandLine.getErr().println("Run again with --verbose for the stack trace.");
        }
        return ExitCodes.ERROR;
    }

    private static boolean verbose(CommandLine.ParseResult parseResult) {
        for (CommandLine.ParseResult level = parseResult; level != null;
                level = level.subcommand()) {
            if (level.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Throwable error) {
        String message = error.getMessage();
        return message == null || message.isBlank()
                ? error.getClass().getSimpleName() : message;
    }

    /**
     * Returns the message of an error about the cache file followed by what the user can do.
     *
     * @param error the error
     * @return the message
     */
    static String withCacheHint(Throwable error) {
        return describe(error) + "; pass --cache-file with a writable path, or --no-cache";
    }
}
