package dev.vespabench.core;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * How a steady measurement divides its time into windows and decides that it has converged.
 *
 * <p>A measurement skips the ramp, then measures workload/s over consecutive windows. It ends
 * early once the last windows agree (the 95% confidence half-width of their mean is within
 * {@code tolerance} of the mean, over at least {@code minWindows} windows), and late, after
 * {@code maxWindows} windows or {@code maxDuration}, when they do not. Where the ramp or the
 * window is null, it is derived from the first successful request's latency {@code L}: the
 * window is {@code windowLatencyRatio * L}, at least 50 ms. The ramp is {@code L / 10}, or the
 * time until every request sent at the start has streamed its first token if that is longer.
 * When those first requests streamed at speeds that differ by more than the tolerance, the
 * batch was still changing, and the ramp lasts until they have all finished.
 *
 * @param ramp the time skipped after the start, or null to derive it
 * @param window the window length, or null to derive it
 * @param windowLatencyRatio the derived window as a multiple of the first request latency
 * @param minWindows the fewest windows a convergence test covers, at least 2
 * @param maxWindows the windows after which the measurement stops sending, at least
 *        {@code minWindows}
 * @param tolerance the largest relative 95% half-width that counts as agreement, such as 0.03
 * @param maxDuration the time limit of one measurement, ramp included
 */
public record WindowSettings(@Nullable Duration ramp, @Nullable Duration window,
        double windowLatencyRatio, int minWindows, int maxWindows, double tolerance,
        Duration maxDuration) {

    /** The shortest derived window; shorter windows hold few events and mostly client jitter. */
    static final Duration MIN_DERIVED_WINDOW = Duration.ofMillis(50);

    /**
     * Adds these settings to a strategy's description, under snake-case names.
     *
     * @param settings the description to add to
     */
    void describe(Map<String, String> settings) {
        settings.put("ramp_seconds", ramp == null ? "derived" : seconds(ramp));
        settings.put("window_seconds", window == null ? "derived" : seconds(window));
        settings.put("window_latency_ratio", Double.toString(windowLatencyRatio));
        settings.put("min_windows", Integer.toString(minWindows));
        settings.put("max_windows", Integer.toString(maxWindows));
        settings.put("tolerance", Double.toString(tolerance));
        settings.put("max_duration_seconds", seconds(maxDuration));
    }

    /**
     * Writes a duration as a plain decimal number of seconds, such as {@code 0.25}.
     *
     * @param duration the duration
     * @return the text
     */
    static String seconds(Duration duration) {
        return BigDecimal.valueOf(duration.toNanos(), 9).stripTrailingZeros().toPlainString();
    }

    /** Creates settings, checking every value. */
    public WindowSettings {
        if (ramp != null && ramp.isNegative()) {
            throw new IllegalArgumentException("ramp must not be negative, got " + ramp);
        }
        if (window != null) {
            Checks.positive("window", window);
        }
        if (!(windowLatencyRatio > 0) || Double.isInfinite(windowLatencyRatio)) {
            throw new IllegalArgumentException("windowLatencyRatio must be a finite number > 0,"
                    + " got " + windowLatencyRatio);
        }
        Checks.atLeast("minWindows", minWindows, 2);
        Checks.atLeast("maxWindows", maxWindows, minWindows);
        if (!(tolerance > 0 && tolerance < 1)) {
            throw new IllegalArgumentException("tolerance must be between 0 and 1, got "
                    + tolerance);
        }
        Checks.positive("maxDuration", Objects.requireNonNull(maxDuration, "maxDuration"));
    }

    /**
     * Returns the defaults of the steady strategy: windows one request latency long, 3 to 20
     * windows, 3% tolerance, 10 minutes at most.
     *
     * <p>When the requests in flight start together they stay in step, so they all end, and
     * their replacements queue and prefill, at the same moments. A window one latency long
     * contains one such turnover, as the sustained rate does. Shorter windows would leave the
     * turnover dips out of most windows, which biases their median high.
     *
     * @return the settings
     */
    public static WindowSettings steady() {
        return new WindowSettings(null, null, 1.0, 3, 20, 0.03, Duration.ofMinutes(10));
    }

    /**
     * Returns the defaults of one capacity level: windows a quarter of a request latency long,
     * 3 to 12 windows, 3% tolerance, 5 minutes at most.
     *
     * <p>Each request's workload is spread over its own decode time, so a window's figure is
     * exact at any length while the batch decodes at a steady rate. With quarter-latency
     * windows, the ramp and three windows end before the level's first requests finish, and
     * they become final as soon as those requests finish. A level that converges then costs
     * about one request latency, so a search over ten levels stays within a few minutes.
     *
     * <p>NOTE: those windows contain no request turnover, so a backend whose prefill of new
     * requests slows decoding measures a few percent high here; {@link #steady()} windows
     * include the turnover.
     *
     * @return the settings
     */
    public static WindowSettings capacityLevel() {
        return new WindowSettings(null, null, 0.25, 3, 12, 0.03, Duration.ofMinutes(5));
    }

    /**
     * Returns a copy with a fixed ramp.
     *
     * @param value the ramp, or null to derive it
     * @return the settings
     */
    public WindowSettings withRamp(@Nullable Duration value) {
        return new WindowSettings(value, window, windowLatencyRatio, minWindows, maxWindows,
                tolerance, maxDuration);
    }

    /**
     * Returns a copy with a fixed window length.
     *
     * @param value the window, or null to derive it
     * @return the settings
     */
    public WindowSettings withWindow(@Nullable Duration value) {
        return new WindowSettings(ramp, value, windowLatencyRatio, minWindows, maxWindows,
                tolerance, maxDuration);
    }

    /**
     * Returns a copy with another derived window length.
     *
     * @param value the window as a multiple of the first request latency
     * @return the settings
     */
    public WindowSettings withWindowLatencyRatio(double value) {
        return new WindowSettings(ramp, window, value, minWindows, maxWindows, tolerance,
                maxDuration);
    }

    /**
     * Returns a copy with other window counts.
     *
     * @param min the fewest windows a convergence test covers
     * @param max the windows after which the measurement stops
     * @return the settings
     */
    public WindowSettings withWindows(int min, int max) {
        return new WindowSettings(ramp, window, windowLatencyRatio, min, max, tolerance,
                maxDuration);
    }

    /**
     * Returns a copy with another tolerance.
     *
     * @param value the largest relative 95% half-width that counts as agreement
     * @return the settings
     */
    public WindowSettings withTolerance(double value) {
        return new WindowSettings(ramp, window, windowLatencyRatio, minWindows, maxWindows,
                value, maxDuration);
    }

    /**
     * Returns a copy with another time limit.
     *
     * @param value the time limit of one measurement
     * @return the settings
     */
    public WindowSettings withMaxDuration(Duration value) {
        return new WindowSettings(ramp, window, windowLatencyRatio, minWindows, maxWindows,
                tolerance, value);
    }
}
