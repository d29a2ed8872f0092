package dev.vespabench.core;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * The windows of a steady measurement: throughput measured over equal intervals after a ramp,
 * and how well those figures agree.
 *
 * @param window the length of each window
 * @param ramp the time skipped after the measurement started
 * @param finalWindows the windows whose figure was final when the measurement stopped
 * @param count the windows the statistics below cover: the last ones of the final windows
 * @param median the median window throughput in workload/s, the measurement's figure
 * @param mean the mean window throughput in workload/s
 * @param min the lowest window throughput in workload/s
 * @param max the highest window throughput in workload/s
 * @param halfWidth the half-width of the 95% confidence interval of the mean, in workload/s,
 *        or NaN when it is unknown: with fewer than two windows, or windows of whole responses
 *        of which fewer than two contain a request end
 * @param stop why the measurement stopped
 * @param cancelled requests in flight when the measurement stopped, cancelled because they
 *        could only change windows that were not counted
 */
public record WindowStatistics(Duration window, Duration ramp, int finalWindows, int count,
        double median, double mean, double min, double max, double halfWidth, Stop stop,
        long cancelled) {

    /** The reason a steady measurement stopped. */
    public enum Stop {
        /** The last windows agreed within the tolerance. */
        CONVERGED,
        /** The window limit was reached before the windows agreed. */
        WINDOW_LIMIT,
        /** The time limit was reached before the windows agreed. */
        TIME_LIMIT,
        /** Most requests failed, so the measurement stopped sending. */
        FAILURES,
        /** The arrival period of an open-loop run ended. */
        DURATION
    }

    /** Creates statistics, checking the counts. */
    public WindowStatistics {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(ramp, "ramp");
        Objects.requireNonNull(stop, "stop");
        if (count < 0 || count > finalWindows) {
            throw new IllegalArgumentException("count must be from 0 to finalWindows ("
                    + finalWindows + "), got " + count);
        }
        if (cancelled < 0) {
            throw new IllegalArgumentException("cancelled must be >= 0, got " + cancelled);
        }
    }

    /**
     * Returns the confidence half-width relative to the mean.
     *
     * @return a fraction, 0 when the mean is 0, NaN when the half-width is unknown
     */
    public double relativeHalfWidth() {
        if (!halfWidthKnown()) {
            return Double.NaN;
        }
        return mean > 0 ? halfWidth / mean : 0;
    }

    /**
     * Returns whether the windows vary independently enough to give a half-width.
     *
     * @return false when the half-width is NaN
     */
    public boolean halfWidthKnown() {
        return !Double.isNaN(halfWidth);
    }

    /**
     * Formats the relative half-width as a percentage, such as {@code 1.2%}, or
     * {@code unknown}.
     *
     * @return the text
     */
    public String formatHalfWidth() {
        return halfWidthKnown()
                ? String.format(Locale.ROOT, "%.1f%%", 100 * relativeHalfWidth()) : "unknown";
    }

    /**
     * Returns whether the windows agreed within the tolerance.
     *
     * @return true when the measurement stopped because it converged
     */
    public boolean converged() {
        return stop == Stop.CONVERGED;
    }
}
