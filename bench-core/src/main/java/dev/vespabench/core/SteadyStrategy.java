package dev.vespabench.core;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

import reactor.core.publisher.Flux;

/**
 * Closed-loop load at a fixed concurrency: keeps {@code concurrency} requests in flight,
 * starting a new one as one finishes, skips a ramp and measures workload/s over windows until
 * they agree. One run; its figure is the median of the windows, reported with their spread.
 *
 * @param concurrency the requests kept in flight
 * @param windows the windows, convergence test and limits
 */
public record SteadyStrategy(int concurrency, WindowSettings windows) implements LoadStrategy {

    @Override
    public Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("concurrency", Integer.toString(concurrency));
        windows.describe(settings);
        return settings;
    }

    /** Creates the strategy, checking the concurrency. */
    public SteadyStrategy {
        Checks.atLeast("concurrency", concurrency, 1);
        Objects.requireNonNull(windows, "windows");
    }

    /**
     * Creates the strategy with the default windows of {@link WindowSettings#steady()}.
     *
     * @param concurrency the requests kept in flight
     * @return the strategy
     */
    public static SteadyStrategy of(int concurrency) {
        return new SteadyStrategy(concurrency, WindowSettings.steady());
    }

    @Override
    public String name() {
        return "steady";
    }

    @Override
    public Flux<RunResult> execute(LoadContext context) {
        return SteadyLevel.measure(context, 1, concurrency, windows).flux();
    }

    /**
     * Selects the single run, when it did successful work, with its median window figure.
     *
     * @param runs the finished runs
     * @return the selection
     */
    @Override
    public Selection select(List<RunResult> runs) {
        if (runs.isEmpty() || runs.get(0).succeeded() == 0) {
            return Selection.none("the steady run had no successful request");
        }
        RunResult run = runs.get(0);
        WindowStatistics stats = run.windows().orElseThrow();
        if (stats.count() == 0) {
            return Selection.of(run, "no window became final, so the figure is the workload"
                    + " over the run's wall time");
        }
        return Selection.of(run, describe(stats, windows.tolerance()));
    }

    @Override
    public OptionalInt maxRequestsInFlight() {
        return OptionalInt.of(concurrency);
    }

    static String describe(WindowStatistics stats, double tolerance) {
        String agreement = switch (stats.stop()) {
            case CONVERGED -> "converged";
            case DURATION -> "over the whole arrival period";
            default -> "did not converge ("
                    + stats.stop().name().toLowerCase(Locale.ROOT).replace('_', ' ') + ")";
        };
        String text = String.format(Locale.ROOT, "the median of the last %d of %d windows of"
                + " %.2f s after a ramp of %.2f s; 95%% half-width %s, %s", stats.count(),
                stats.finalWindows(), stats.window().toNanos() / 1e9,
                stats.ramp().toNanos() / 1e9, stats.formatHalfWidth(), agreement);
        if (!stats.halfWidthKnown()) {
            return text + "; WARNING: too few independent windows to tell how far the figure"
                    + " may be off";
        }
        if (stats.relativeHalfWidth() > tolerance) {
            return text + String.format(Locale.ROOT, "; WARNING: the windows disagree by more"
                    + " than the tolerance of %.1f%%, so the figure is uncertain",
                    100 * tolerance);
        }
        return text;
    }
}
