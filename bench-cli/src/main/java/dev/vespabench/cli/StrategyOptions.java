package dev.vespabench.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;

import dev.vespabench.core.Arrivals;
import dev.vespabench.core.CapacityStrategy;
import dev.vespabench.core.LoadStrategy;
import dev.vespabench.core.RateStrategy;
import dev.vespabench.core.SteadyStrategy;
import dev.vespabench.core.Strategies;
import dev.vespabench.core.WindowSettings;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** Options that choose the load strategy, shared by {@code run} and {@code demo}. */
final class StrategyOptions {

    @Option(names = "--strategy", paramLabel = "NAME", defaultValue = "fixed",
            completionCandidates = CompletionCandidates.StrategyNames.class,
            description = "Load strategy: fixed (--runs waves of --concurrency requests, the best"
                    + " run: the old protocol), steady (--concurrency requests kept in flight"
                    + " until the throughput windows agree), capacity (rising concurrency until"
                    + " throughput stops rising: the highest sustainable throughput), rate"
                    + " (--rate arrivals per second for --duration). Default: ${DEFAULT-VALUE}.")
    String strategy = "fixed";

    @Option(names = "--max-concurrency", paramLabel = "N",
            description = "capacity: the highest concurrency tried, lowered to the limit the"
                    + " server publishes. Default: 256.")
    @Nullable Integer maxConcurrency;

    @Option(names = "--min-gain", paramLabel = "PERCENT",
            description = "capacity: the minimum throughput gain, in percent, of a doubling of"
                    + " concurrency that continues the search. Default: 5.")
    @Nullable Double minGain;

    @Option(names = "--slo-ttft-p95", paramLabel = "MS",
            description = "capacity: objective for the 95th percentile of time to first token,"
                    + " in ms; a level above it is not sustainable. Needs a streaming backend,"
                    + " such as -o stream=true.")
    @Nullable Double sloTtftP95;

    @Option(names = "--slo-latency-p95", paramLabel = "MS",
            description = "capacity: objective for the 95th percentile of end-to-end latency, in"
                    + " ms; a level above it is not sustainable.")
    @Nullable Double sloLatencyP95;

    @Option(names = "--max-failure-rate", paramLabel = "PERCENT",
            description = "capacity: the highest share of failed requests, in percent, of a"
                    + " sustainable level. Default: 0, so a level with a failed request ends"
                    + " the doubling.")
    @Nullable Double maxFailureRate;

    @Option(names = "--rate", paramLabel = "PER_SECOND",
            description = "rate: requests that arrive per second, whatever the backend's speed.")
    @Nullable Double rate;

    @Option(names = "--arrivals", paramLabel = "KIND",
            completionCandidates = CompletionCandidates.ArrivalKinds.class,
            description = "rate: constant (evenly spaced) or poisson (random gaps, seeded by"
                    + " --seed). Default: constant.")
    @Nullable String arrivals;

    @Option(names = "--duration", paramLabel = "SECONDS",
            description = "rate: the arrival period. steady: the time limit. Default: 60 for"
                    + " rate, 600 for steady.")
    @Nullable Double duration;

    @Option(names = "--max-in-flight", paramLabel = "N",
            description = "rate: the maximum number of requests in flight; arrivals beyond it"
                    + " are dropped and counted. Default: 1024.")
    @Nullable Integer maxInFlight;

    @Option(names = "--tolerance", paramLabel = "PERCENT",
            description = "steady, capacity: the 95%% confidence half-width, in percent of the"
                    + " mean, within which the windows count as agreeing. Default: 3.")
    @Nullable Double tolerance;

    @Option(names = "--window", paramLabel = "SECONDS",
            description = "steady, capacity, rate: the window length. Default: derived from the"
                    + " first request's latency.")
    @Nullable Double window;

    /**
     * Creates the chosen strategy.
     *
     * @param runs the runs of the fixed strategy
     * @param concurrency the concurrency of the fixed and steady strategies
     * @param seed the seed of Poisson arrivals
     * @return the strategy
     * @throws UsageException when a value is invalid or an option does not apply
     */
    LoadStrategy create(int runs, int concurrency, long seed) {
        String name = strategy.trim().toLowerCase(Locale.ROOT);
        rejectInapplicable(name);
        try {
            return switch (name) {
                case "fixed" -> Strategies.fixed(runs, concurrency);
                case "steady" -> new SteadyStrategy(concurrency, windows(WindowSettings.steady())
                        .withMaxDuration(seconds("--duration", duration, 600)));
                case "capacity" -> capacity();
                case "rate" -> rate(seed);
                default -> throw new UsageException("invalid --strategy '" + strategy
                        + "': expected one of " + String.join(", ", Strategies.NAMES));
            };
        } catch (IllegalArgumentException e) {
            throw new UsageException("invalid strategy option: " + e.getMessage());
        }
    }

    /**
     * Returns the number of runs the strategy makes, when it is known in advance.
     *
     * @param runs the runs of the fixed strategy
     * @return the count, or empty for the capacity search
     */
    OptionalInt plannedRuns(int runs) {
        return switch (strategy.trim().toLowerCase(Locale.ROOT)) {
            case "fixed" -> OptionalInt.of(runs);
            case "capacity" -> OptionalInt.empty();
            default -> OptionalInt.of(1);
        };
    }

    /**
     * Rejects a strategy that keeps more requests in flight than the process may open
     * connections for.
     *
     * @param load the strategy made by {@link #create}
     * @param concurrency the concurrency it was made with
     * @param filesPerRequest 1, or 2 when the server runs in this process too
     */
    void checkOpenFiles(LoadStrategy load, int concurrency, int filesPerRequest) {
        String option = switch (strategy.trim().toLowerCase(Locale.ROOT)) {
            case "capacity" -> "--max-concurrency";
            case "rate" -> "--max-in-flight";
            default -> "--concurrency";
        };
        OpenFileLimit.check(option, load.maxRequestsInFlight().orElse(concurrency),
                filesPerRequest);
    }

    /**
     * Rejects --runs and --concurrency given to a strategy that does not use them, as the
     * strategy-specific options are rejected, rather than ignoring them.
     *
     * @param runs the --runs value given, or null
     * @param concurrency the --concurrency value given, or null
     */
    void rejectUnused(@Nullable Integer runs, @Nullable Integer concurrency) {
        String name = strategy.trim().toLowerCase(Locale.ROOT);
        List<String> misplaced = new ArrayList<>();
        check(misplaced, name, "--runs", runs, "fixed");
        check(misplaced, name, "--concurrency", concurrency, "fixed", "steady");
        if (!misplaced.isEmpty()) {
            String hint = switch (name) {
                case "capacity" -> "; the capacity search sets its own concurrency, up to"
                        + " --max-concurrency";
                case "rate" -> "; an open-loop run is set by --rate, --duration and"
                        + " --max-in-flight";
                default -> "";
            };
            throw new UsageException(String.join("; ", misplaced) + hint);
        }
    }

    /**
     * Rejects a time-to-first-token objective for a backend that does not stream, which could
     * only be found out after the first level had been measured.
     *
     * @param backendName the backend's name, for the message
     * @param backendSettings the settings the backend reports; {@code stream=true} marks a
     *        streaming one
     */
    void rejectTtftWithoutStream(String backendName, Map<String, String> backendSettings) {
        if (sloTtftP95 != null && !"true".equals(backendSettings.get("stream"))) {
            throw new UsageException("--slo-ttft-p95 needs a streaming backend to measure time"
                    + " to first token, but " + backendName + " does not stream here; pass -o"
                    + " stream=true if the backend supports it, or use --slo-latency-p95");
        }
    }

    private CapacityStrategy capacity() {
        CapacityStrategy capacity = CapacityStrategy.defaults();
        if (maxConcurrency != null) {
            capacity = capacity.withConcurrency(1, positive("--max-concurrency", maxConcurrency));
        }
        if (minGain != null) {
            if (!(minGain >= 0 && minGain < 100)) {
                throw new UsageException("invalid --min-gain " + minGain
                        + ": expected a percentage from 0 to below 100");
            }
            capacity = capacity.withMinGain(minGain / 100);
        }
        if (maxFailureRate != null) {
            if (!(maxFailureRate >= 0 && maxFailureRate < 100)) {
                throw new UsageException("invalid --max-failure-rate " + maxFailureRate
                        + ": expected a percentage from 0 to below 100");
            }
            capacity = capacity.withMaxFailureRate(maxFailureRate / 100);
        }
        Duration ttft = sloTtftP95 == null ? null : millis("--slo-ttft-p95", sloTtftP95);
        Duration latency = sloLatencyP95 == null ? null : millis("--slo-latency-p95", sloLatencyP95);
        return capacity.withObjectives(ttft, latency).withWindows(windows(capacity.windows()));
    }

    private RateStrategy rate(long seed) {
        if (rate == null) {
            throw new UsageException("--strategy rate needs --rate, the arrivals per second");
        }
        RateStrategy open = RateStrategy.of(rate, seconds("--duration", duration, 60));
        String kind = arrivals == null ? "constant" : arrivals.trim().toLowerCase(Locale.ROOT);
        Arrivals process = switch (kind) {
            case "constant" -> Arrivals.CONSTANT;
            case "poisson" -> Arrivals.POISSON;
            default -> throw new UsageException("invalid --arrivals '" + arrivals
                    + "': expected constant or poisson");
        };
        open = open.withArrivals(process, seed).withWindows(windows(open.windows()));
        return maxInFlight == null ? open
                : open.withMaxInFlight(positive("--max-in-flight", maxInFlight));
    }

    private WindowSettings windows(WindowSettings defaults) {
        WindowSettings settings = defaults;
        if (tolerance != null) {
            settings = settings.withTolerance(percent("--tolerance", tolerance));
        }
        if (window != null) {
            settings = settings.withWindow(seconds("--window", window, 0));
        }
        return settings;
    }

    private void rejectInapplicable(String name) {
        List<String> misplaced = new ArrayList<>();
        check(misplaced, name, "--max-concurrency", maxConcurrency, "capacity");
        check(misplaced, name, "--min-gain", minGain, "capacity");
        check(misplaced, name, "--max-failure-rate", maxFailureRate, "capacity");
        check(misplaced, name, "--slo-ttft-p95", sloTtftP95, "capacity");
        check(misplaced, name, "--slo-latency-p95", sloLatencyP95, "capacity");
        check(misplaced, name, "--rate", rate, "rate");
        check(misplaced, name, "--arrivals", arrivals, "rate");
        check(misplaced, name, "--max-in-flight", maxInFlight, "rate");
        check(misplaced, name, "--duration", duration, "rate", "steady");
        check(misplaced, name, "--tolerance", tolerance, "steady", "capacity");
        check(misplaced, name, "--window", window, "steady", "capacity", "rate");
        if (!misplaced.isEmpty()) {
            throw new UsageException(String.join("; ", misplaced));
        }
    }

    private static void check(List<String> misplaced, String name, String option,
            @Nullable Object value, String... strategies) {
        if (value != null && !List.of(strategies).contains(name)) {
            misplaced.add(option + " applies to --strategy " + String.join(" or ", strategies)
                    + " only, not " + name);
        }
    }

    private static int positive(String option, int value) {
        if (value < 1) {
            throw new UsageException("invalid " + option + " " + value
                    + ": expected a whole number of at least 1");
        }
        return value;
    }

    private static double percent(String option, double value) {
        if (!(value > 0 && value < 100)) {
            throw new UsageException("invalid " + option + " " + value
                    + ": expected a percentage above 0 and below 100");
        }
        return value / 100;
    }

    private static Duration millis(String option, double value) {
        if (!(value > 0) || value > 86_400_000) {
            throw new UsageException("invalid " + option + " " + value
                    + ": expected milliseconds above 0 and at most 86400000 (a day)");
        }
        return Duration.ofNanos(Math.round(value * 1e6));
    }

    private static Duration seconds(String option, @Nullable Double value, double fallback) {
        double seconds = value == null ? fallback : value;
        if (!(seconds > 0) || seconds > 31_536_000) {
            throw new UsageException("invalid " + option + " " + seconds
                    + ": expected a number of seconds above 0 and at most 31536000 (a year)");
        }
        return Duration.ofNanos(Math.round(seconds * 1e9));
    }
}
