package dev.vespabench.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.Map;

/** Runs the tool in this JVM with captured output, as a test's user would call it. */
final class CliRunner {

    private CliRunner() {
    }

    static Result run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = VespaBench.execute(args, new HashMap<>(env), new PrintWriter(out),
                new PrintWriter(err));
        return new Result(status, out.toString(), err.toString());
    }

    /**
     * The outcome of a command.
     *
     * @param status the exit status
     * @param out the standard output text
     * @param err the standard error text written through picocli, not the logs
     */
    record Result(int status, String out, String err) {
    }
}
