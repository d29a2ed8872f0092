package dev.vespabench.cli;

import dev.vespabench.core.BenchmarkResult;

/** The process exit statuses of vespa-bench, defined in one place. */
final class ExitCodes {

    /** A measured or cached figure was printed. */
    static final int MEASURED = 0;
    /** Nothing could be measured; the fallback figure was printed. */
    static final int FALLBACK = 1;
    /** The command line or a setting was invalid. */
    static final int USAGE = 2;
    /** An unexpected error stopped the tool. */
    static final int ERROR = 3;
    /** A signal stopped the benchmark; the partial result was printed and not cached. */
    static final int PARTIAL = 4;

    /** The heading of the exit status list in help texts. */
    static final String HEADING = "%nExit status:%n";
    // The lines of the list, as picocli's exitCodeList takes them; an annotation takes only
    // constants, so each line is one.
    static final String MEASURED_HELP = "0:a figure was measured, or read from the cache";
    static final String FALLBACK_HELP =
            "1:nothing could be measured; the fallback figure 1.0 was printed";
    static final String USAGE_HELP = "2:invalid command line or setting";
    static final String ERROR_HELP = "3:unexpected error";
    static final String PARTIAL_HELP = "4:SIGINT or SIGTERM stopped the benchmark; the partial"
            + " result was printed and not cached";
    static final String SIGNAL_HELP = "130, 143:a signal stopped the tool before any run"
            + " finished, or a second signal stopped it at once; no result was printed";

    private ExitCodes() {
    }

    static int of(BenchmarkResult result) {
        return switch (result.status()) {
            case MEASURED -> MEASURED;
            case FALLBACK -> FALLBACK;
            case PARTIAL -> PARTIAL;
        };
    }
}
