package dev.vespabench.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import dev.vespabench.api.BackendProvider;
import dev.vespabench.core.Backends;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code list} subcommand: prints the backends found on the class path. */
@Command(name = "list", mixinStandardHelpOptions = true,
        versionProvider = VespaBench.Version.class,
        description = "Lists the backends found on the class path, with their aliases.")
final class ListCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Backends backends = Backends.load();
        int width = backends.all().stream().mapToInt(p -> p.name().length()).max().orElse(4);
        for (BackendProvider provider : backends.all()) {
            out.printf("%-" + width + "s  %s%n", provider.name(), provider.description());
            if (!provider.aliases().isEmpty()) {
                out.printf("%-" + width + "s  also: %s%n", "", String.join(", ", provider.aliases()));
            }
        }
        backends.problems().forEach(problem -> spec.commandLine().getErr()
                .println("warning: backend not loaded: " + problem));
        return ExitCodes.MEASURED;
    }
}
