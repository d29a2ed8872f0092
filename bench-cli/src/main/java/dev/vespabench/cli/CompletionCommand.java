package dev.vespabench.cli;

import java.util.concurrent.Callable;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code completion} subcommand: prints a bash completion script that picocli generates
 * from the command model, so it always matches the subcommands and options of this build.
 */
@Command(name = "completion", mixinStandardHelpOptions = true,
        versionProvider = VespaBench.Version.class,
        description = {
                "Prints a completion script for bash; in zsh it turns on bashcompinit itself.",
                "Load it in the current shell with: source <(vespa-bench completion)",
                "or install it with: vespa-bench completion >"
                        + " /etc/bash_completion.d/vespa-bench"})
final class CompletionCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        CommandSpec root = spec.root();
        spec.commandLine().getOut().print(AutoComplete.bash(root.name(), root.commandLine()));
        return ExitCodes.MEASURED;
    }
}
