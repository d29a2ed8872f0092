package dev.vespabench.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class RateStrategyTest {

    private static final Duration LIMIT = Duration.ofSeconds(10);

    @Test
    void constantArrivalsKeepRate() {
        // 20 tokens of 10 ms: 200 ms per request, so 10 requests/s make 200 tokens/s.
        BatchingContext model = BatchingContext.of(64, 10, 0, 20);
        RateStrategy strategy = RateStrategy.of(10, Duration.ofSeconds(10));

        RunResult run = measure(strategy, model);

        ArrivalStatistics arrivals = run.arrivals().orElseThrow();
        assertThat(arrivals.scheduled()).isEqualTo(100);
        assertThat(arrivals.dropped()).isZero();
        assertThat(run.requests()).isEqualTo(100);
        assertThat(run.throughput()).isCloseTo(200, Percentage.withPercentage(2));
        assertThat(run.windows().orElseThrow().stop()).isEqualTo(WindowStatistics.Stop.DURATION);
        assertThat(run.duration()).isBetween(Duration.ofSeconds(10), Duration.ofMillis(10_300));
        assertThat(strategy.select(List.of(run)).rule()).startsWith("throughput at 10.00");
    }

    @Test
    void fastRequestsAtALowRateAreMeasured() {
        // 2 tokens of 10 ms: 20 ms per request, so 2 requests/s make 4 tokens/s. Windows of
        // a few latencies would mostly hold no request at all.
        BatchingContext model = BatchingContext.of(64, 10, 0, 2);
        RateStrategy strategy = RateStrategy.of(2, Duration.ofSeconds(20));

        RunResult run = measure(strategy, model);

        assertThat(run.requests()).isEqualTo(40);
        assertThat(run.throughput()).isCloseTo(4, Percentage.withPercentage(10));
        assertThat(run.windows().orElseThrow().window()).isGreaterThanOrEqualTo(Duration.ofMillis(2500));
    }

    @Test
    void runWithoutFinalWindowsSpansItsPeriod() {
        // 50 tokens of 10 ms: 0.5 s per request. Arrivals at 0, 1 and 2 s end by 2.5 s, and
        // a period of 3 s is shorter than one window of 5 arrivals.
        BatchingContext model = BatchingContext.of(64, 10, 0, 50);
        RateStrategy strategy = RateStrategy.of(1, Duration.ofSeconds(3));

        RunResult run = measure(strategy, model);

        assertThat(run.windows().orElseThrow().count()).isZero();
        assertThat(run.requests()).isEqualTo(3);
        assertThat(run.duration()).isEqualTo(Duration.ofSeconds(3));
        assertThat(run.throughput()).isCloseTo(50, Percentage.withPercentage(1));
    }

    @Test
    void arrivalsBeyondMaxInFlightAreDropped() {
        // 1 s per request at 100 requests/s would need 100 in flight.
        BatchingContext model = BatchingContext.of(128, 10, 0, 100);
        RateStrategy strategy = RateStrategy.of(100, Duration.ofSeconds(5)).withMaxInFlight(10);

        RunResult run = measure(strategy, model);

        ArrivalStatistics arrivals = run.arrivals().orElseThrow();
        assertThat(arrivals.scheduled()).isEqualTo(500);
        assertThat(arrivals.dropped()).isBetween(430L, 460L);
        assertThat(run.requests()).isEqualTo(arrivals.sent());
        assertThat(run.concurrency()).isEqualTo(10);
    }

    @Test
    void poissonArrivalsAreSeeded() {
        BatchingContext model = BatchingContext.of(64, 10, 0, 20);
        RateStrategy strategy = RateStrategy.of(20, Duration.ofSeconds(20))
                .withArrivals(Arrivals.POISSON, 42);

        long first = measure(strategy, model).arrivals().orElseThrow().scheduled();
        long second = measure(strategy, model).arrivals().orElseThrow().scheduled();
        long other = measure(strategy.withArrivals(Arrivals.POISSON, 7), model)
                .arrivals().orElseThrow().scheduled();

        assertThat(first).isEqualTo(second);
        assertThat(first).isBetween(320L, 480L);
        assertThat(other).isNotEqualTo(first);
    }

    @Test
    void invalidSettingsAreRejected() {
        assertThatThrownBy(() -> RateStrategy.of(0, Duration.ofSeconds(1)))
                .hasMessage("rate must be above 0 and at most 100000.0 requests/s, got 0.0");
        assertThatThrownBy(() -> RateStrategy.of(1, Duration.ZERO))
                .hasMessage("duration must be positive, got PT0S");
        assertThatThrownBy(() -> RateStrategy.of(1, Duration.ofSeconds(1)).withMaxInFlight(0))
                .hasMessage("maxInFlight must be at least 1, got 0");
    }

    private static RunResult measure(RateStrategy strategy, BatchingContext model) {
        RunResult[] run = new RunResult[1];
        StepVerifier.withVirtualTime(() -> strategy.execute(model))
                .thenAwait(Duration.ofHours(1))
                .consumeNextWith(result -> run[0] = result)
                .expectComplete()
                .verify(LIMIT);
        return run[0];
    }
}
