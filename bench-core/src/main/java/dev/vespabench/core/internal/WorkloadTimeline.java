package dev.vespabench.core.internal;

import java.util.Arrays;

/**
 * Workload attributed to equal time buckets from an origin. Memory is one array of fixed size:
 * when a time falls past the last bucket, neighbouring buckets are merged in pairs and the
 * bucket length doubles, so a run of any length fits at a coarser resolution. Not thread-safe.
 */
public final class WorkloadTimeline {

    private final long origin;
    private final double[] buckets;
    private long bucketNanos;
    private int used;

    /**
     * Creates an empty timeline.
     *
     * @param origin the engine clock at bucket 0's start
     * @param bucketNanos the initial bucket length, at least 1 ns
     * @param capacity the number of buckets, an even number of at least 2
     */
    public WorkloadTimeline(long origin, long bucketNanos, int capacity) {
        if (bucketNanos < 1) {
            throw new IllegalArgumentException("bucketNanos must be at least 1, got " + bucketNanos);
        }
        if (capacity < 2 || capacity % 2 != 0) {
            throw new IllegalArgumentException("capacity must be an even number of at least 2, got "
                    + capacity);
        }
        this.origin = origin;
        this.bucketNanos = bucketNanos;
        this.buckets = new double[capacity];
    }

    /**
     * Returns the engine clock at bucket 0's start.
     *
     * @return nanoseconds
     */
    public long origin() {
        return origin;
    }

    /**
     * Returns the current bucket length, which doubles each time the timeline is compacted.
     *
     * @return nanoseconds
     */
    public long bucketNanos() {
        return bucketNanos;
    }

    /**
     * Returns the number of buckets up to the last one that received workload.
     *
     * @return the count
     */
    public int used() {
        return used;
    }

    /**
     * Adds workload done at one instant, such as the tokens of a stream's first event.
     *
     * @param at the engine clock; times before the origin count at the origin
     * @param workload the work, at least 0
     */
    public void addPoint(long at, double workload) {
        long offset = Math.max(0, at - origin);
        fit(offset);
        int index = (int) (offset / bucketNanos);
        buckets[index] += workload;
        used = Math.max(used, index + 1);
    }

    /**
     * Adds workload done at a constant rate over an interval, splitting it between buckets in
     * proportion to their overlap with the interval. An empty interval adds a point at its end.
     *
     * @param from the engine clock at the interval's start
     * @param to the engine clock at its end
     * @param workload the work, at least 0
     */
    public void addSpread(long from, long to, double workload) {
        long start = Math.max(0, from - origin);
        long end = Math.max(0, to - origin);
        if (end <= start) {
            addPoint(to, workload);
            return;
        }
        fit(end);
        double perNano = workload / (end - start);
        int first = (int) (start / bucketNanos);
        int last = (int) Math.min(buckets.length - 1, (end - 1) / bucketNanos);
        for (int i = first; i <= last; i++) {
            long bucketStart = i * bucketNanos;
            long overlap = Math.min(end, bucketStart + bucketNanos) - Math.max(start, bucketStart);
            buckets[i] += perNano * overlap;
        }
        used = Math.max(used, last + 1);
    }

    /**
     * Returns the workload of buckets {@code from} (inclusive) to {@code to} (exclusive).
     *
     * @param from the first bucket
     * @param to the bucket after the last
     * @return the sum, counting buckets past the array as empty
     */
    public double sum(int from, int to) {
        double total = 0;
        for (int i = Math.max(0, from); i < Math.min(to, buckets.length); i++) {
            total += buckets[i];
        }
        return total;
    }

    /** Merges buckets in pairs until the offset falls in the array. */
    private void fit(long offset) {
        while (offset / bucketNanos >= buckets.length) {
            int half = buckets.length / 2;
            for (int i = 0; i < half; i++) {
                buckets[i] = buckets[2 * i] + buckets[2 * i + 1];
            }
            Arrays.fill(buckets, half, buckets.length, 0.0);
            bucketNanos *= 2;
            used = (used + 1) / 2;
        }
    }
}
