package dev.vespabench.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Builds the command line that runs vespa-bench in a new JVM from the test class path. */
final class ToolProcess {

    private ToolProcess() {
    }

    /**
     * Returns {@code java -cp <test class path> dev.vespabench.cli.VespaBench <args>}.
     *
     * @param args the tool's arguments
     * @return the command
     */
    static List<String> command(String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(VespaBench.class.getName());
        command.addAll(List.of(args));
        return command;
    }
}
