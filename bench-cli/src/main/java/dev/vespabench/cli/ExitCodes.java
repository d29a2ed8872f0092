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
