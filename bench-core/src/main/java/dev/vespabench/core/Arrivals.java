package dev.vespabench.core;

/** The spacing of the arrival times of open-loop load. */
public enum Arrivals {
    /** Every {@code 1/rate} seconds. */
    CONSTANT,
    /** Exponentially distributed gaps of mean {@code 1/rate}: a Poisson process. */
    POISSON
}
