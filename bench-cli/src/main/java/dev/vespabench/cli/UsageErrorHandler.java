package dev.vespabench.cli;

import java.io.PrintWriter;

import picocli.CommandLine;

/** Prints a one-line error and a pointer to {@code --help} for an invalid command line. */
final class UsageErrorHandler implements CommandLine.IParameterExceptionHandler {

    @Override
    public int handleParseException(CommandLine.ParameterException error, String[] args) {
        CommandLine commandLine = error.getCommandLine();
        PrintWriter err = commandLine.getErr();
        err.println("error: " + error.getMessage());
        if (!CommandLine.UnmatchedArgumentException.printSuggestions(error, err)) {
            err.println("Run '" + commandLine.getCommandSpec().qualifiedName() + " --help' for"
                    + " the options.");
        }
        return ExitCodes.USAGE;
    }
}
