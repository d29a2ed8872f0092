package dev.vespabench.api;

import java.time.Duration;
import java.util.Objects;

/**
 * The protocol defaults of a backend, used where the user sets nothing.
 *
 * @param runs number of measured runs
 * @param concurrency requests in flight in each run
 * @param requestTimeout time limit of one request, follow-ups included
 * @param warmup whether to send a warm-up request before measuring
 */
public record BackendDefaults(int runs, int concurrency, Duration requestTimeout, boolean warmup) {

    /** Creates defaults, checking that counts and the timeout are positive. */
    public BackendDefaults {
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (runs < 1) {
            throw new IllegalArgumentException("runs must be at least 1, got " + runs);
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, got " + concurrency);
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("requestTimeout must be positive, got " + requestTimeout);
        }
    }
}
