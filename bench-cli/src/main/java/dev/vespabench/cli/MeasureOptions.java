package dev.vespabench.cli;

import java.time.Duration;

import dev.vespabench.core.BenchmarkSettings;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** Options of the measurement of {@code run}: its size, time limits, retries and TLS. */
final class MeasureOptions {

    /** The maximum retries per request that the engine accepts. */
    private static final int MAX_RETRIES = 100;

    @Option(names = "--runs", paramLabel = "N",
            description = "Number of runs; the result is the best run. Default: the backend's"
                    + " (8 for text backends, 3 for image backends).")
    @Nullable Integer runs;

    @Option(names = {"-c", "--concurrency"}, paramLabel = "N",
            description = "Requests in flight in each run. Default: the backend's (10 for text,"
                    + " 1 for image backends).")
    @Nullable Integer concurrency;

    @Option(names = "--request-timeout", paramLabel = "SECONDS",
            description = "Time limit of one request. Default: the backend's.")
    @Nullable Double requestTimeout;

    @Option(names = "--connect-timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "Time limit of opening a connection. Default: ${DEFAULT-VALUE}.")
    double connectTimeout;

    @Option(names = "--startup-timeout", paramLabel = "SECONDS", defaultValue = "300",
            description = "How long to wait for the backend's health path to answer 200."
                    + " Default: ${DEFAULT-VALUE}.")
    double startupTimeout;

    @Option(names = "--deadline", paramLabel = "SECONDS", defaultValue = "3600",
            description = "Time limit of the whole benchmark; finished runs are kept."
                    + " Default: ${DEFAULT-VALUE}.")
    double deadline;

    @Option(names = "--retries", paramLabel = "N", defaultValue = "0",
            description = "Retries of a request that the server rejects as overloaded (HTTP 429"
                    + " or 503), each after the wait its Retry-After header sets (at most 30 s),"
                    + " else after a back-off from 0.5 s that doubles. A retried request's"
                    + " latency includes the waits. From 0 to 100. Default: ${DEFAULT-VALUE}.")
    int retries;

    @Option(names = "--insecure",
            description = "Accept any TLS certificate of an https URL, such as a self-signed"
                    + " one, without verifying it. Default: certificates are verified against"
                    + " the JDK's trusted roots.")
    boolean insecure;

    @Option(names = "--no-warmup", description = "Skip the warm-up request.")
    boolean noWarmup;

    @Option(names = "--seed", paramLabel = "N",
            description = "Seed of the random prompts, for repeatable requests. Default: random.")
    @Nullable Long seed;

    BenchmarkSettings.Builder apply(BenchmarkSettings.Builder builder) {
        if (runs != null) {
            builder.runs(positive("--runs", runs));
        }
        if (concurrency != null) {
            builder.concurrency(positive("--concurrency", concurrency));
        }
        if (requestTimeout != null) {
            builder.requestTimeout(seconds("--request-timeout", requestTimeout));
        }
        builder.connectTimeout(seconds("--connect-timeout", connectTimeout))
                .startupTimeout(seconds("--startup-timeout", startupTimeout))
                .deadline(seconds("--deadline", deadline))
                .retries(retries("--retries", retries))
                .insecure(insecure);
        if (noWarmup) {
            builder.warmup(false);
        }
        if (seed != null) {
            builder.seed(seed);
        }
        return builder;
    }

    private static int positive(String option, int value) {
        if (value < 1) {
            throw new UsageException("invalid " + option + " " + value
                    + ": expected a whole number of at least 1");
        }
        return value;
    }

    private static int retries(String option, int value) {
        if (value < 0 || value > MAX_RETRIES) {
            throw new UsageException("invalid " + option + " " + value
                    + ": expected a whole number from 0 to " + MAX_RETRIES);
        }
        return value;
    }

    private static Duration seconds(String option, double value) {
        if (!(value > 0) || value > 31_536_000) {
            throw new UsageException("invalid " + option + " " + value
                    + ": expected a number of seconds above 0 and at most 31536000 (a year)");
        }
        return Duration.ofNanos((long) (value * 1e9));
    }
}
