package dev.vespabench.core;

import org.HdrHistogram.Histogram;

/**
 * Percentiles of a latency distribution in milliseconds.
 *
 * @param count the number of samples
 * @param p50 the median
 * @param p90 the 90th percentile
 * @param p95 the 95th percentile
 * @param p99 the 99th percentile
 * @param max the largest sample
 */
public record LatencySummary(long count, double p50, double p90, double p95, double p99,
        double max) {

    private static final LatencySummary EMPTY = new LatencySummary(0, 0, 0, 0, 0, 0);

    /**
     * Returns a summary with no samples.
     *
     * @return the empty summary
     */
    public static LatencySummary empty() {
        return EMPTY;
    }

    /**
     * Creates a summary of a histogram recorded in microseconds.
     *
     * @param micros the histogram
     * @return the summary
     */
    public static LatencySummary of(Histogram micros) {
        if (micros.getTotalCount() == 0) {
            return EMPTY;
        }
        return new LatencySummary(micros.getTotalCount(),
                millis(micros.getValueAtPercentile(50)),
                millis(micros.getValueAtPercentile(90)),
                millis(micros.getValueAtPercentile(95)),
                millis(micros.getValueAtPercentile(99)),
                millis(micros.getMaxValue()));
    }

    private static double millis(long micros) {
        return micros / 1000.0;
    }
}
