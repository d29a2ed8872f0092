package dev.vespabench.core.internal;

import java.util.Arrays;

/**
 * Statistics of the last window figures of a steady measurement: which windows count, their
 * median, spread and the 95% confidence half-width of their mean.
 *
 * <p>The windows that count are the last {@code max(minWindows, ceil(n / 2))} of the {@code n}
 * final windows. Using the later half drops a slow start, as a longer ramp would, while the
 * count still grows with the measurement, so a noisy backend converges once enough windows
 * accumulate.
 *
 * @param count the windows covered
 * @param median the median figure
 * @param mean the mean figure
 * @param min the lowest figure
 * @param max the highest figure
 * @param halfWidth the 95% confidence half-width of the mean by Student's t, or NaN when it is
 *        unknown: with fewer than two windows, or windows that do not vary independently
 */
public record WindowSummary(int count, double median, double mean, double min, double max,
        double halfWidth) {

    private static final WindowSummary EMPTY = new WindowSummary(0, 0, 0, 0, 0, 0);

    /** Two-sided 95% quantiles of Student's t for 1 to 30 degrees of freedom. */
    private static final double[] T_95 = {
        12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
        2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
        2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
    };

    /**
     * Summarizes the last windows of a series.
     *
     * @param figures window figures in time order; only the first {@code n} are read
     * @param n the number of final windows
     * @param minWindows the fewest windows a summary covers when that many exist
     * @return the summary, empty when {@code n} is 0
     */
    public static WindowSummary ofLast(double[] figures, int n, int minWindows) {
        if (n == 0) {
            return EMPTY;
        }
        int count = Math.min(n, Math.max(minWindows, (n + 1) / 2));
        double[] last = Arrays.copyOfRange(figures, n - count, n);
        double sum = 0;
        for (double figure : last) {
            sum += figure;
        }
        double mean = sum / count;
        double squares = 0;
        for (double figure : last) {
            squares += (figure - mean) * (figure - mean);
        }
        Arrays.sort(last);
        double median = count % 2 == 1 ? last[count / 2]
                : (last[count / 2 - 1] + last[count / 2]) / 2;
        double halfWidth = count < 2 ? Double.NaN
                : tQuantile(count - 1) * Math.sqrt(squares / (count - 1)) / Math.sqrt(count);
        return new WindowSummary(count, median, mean, last[0], last[count - 1], halfWidth);
    }

    /**
     * Returns a copy whose half-width is unknown, for windows whose figures share the same
     * requests and so agree whatever the backend's variation.
     *
     * @return the summary
     */
    public WindowSummary withUnknownHalfWidth() {
        return new WindowSummary(count, median, mean, min, max, Double.NaN);
    }

    /**
     * Returns the half-width relative to the mean.
     *
     * @return a fraction, NaN when the half-width is unknown, or positive infinity when the
     *         mean is 0
     */
    public double relativeHalfWidth() {
        if (Double.isNaN(halfWidth)) {
            return Double.NaN;
        }
        return mean > 0 ? halfWidth / mean : Double.POSITIVE_INFINITY;
    }

    /** Returns the two-sided 95% quantile of Student's t; past 30 degrees, an approximation. */
    static double tQuantile(int degrees) {
        if (degrees <= T_95.length) {
            return T_95[degrees - 1];
        }
        // Within 0.003 of the exact quantile from 31 degrees of freedom on.
        return 1.960 + 2.4 / degrees;
    }
}
