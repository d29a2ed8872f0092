package dev.vespabench.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongPredicate;

import dev.vespabench.api.FailureKind;
import dev.vespabench.api.Outcome;
import dev.vespabench.api.WorkloadSource;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

class FixedStrategyTest {

    @Test
    void waveThroughputIsWorkOverWallTime() {
        StepVerifier.withVirtualTime(() -> new FixedStrategy(2, 4)
                        .execute(new TimedContext(Duration.ofMillis(100), 0)))
                .thenAwait(Duration.ofMillis(200))
                .assertNext(run -> {
                    assertThat(run.index()).isEqualTo(1);
                    assertThat(run.requests()).isEqualTo(4);
                    assertThat(run.workload()).isEqualTo(40.0);
                    assertThat(run.duration()).isEqualTo(Duration.ofMillis(100));
                    assertThat(run.throughput()).isEqualTo(400.0);
                })
                .assertNext(run -> assertThat(run.index()).isEqualTo(2))
                .verifyComplete();
    }

    @Test
    void failuresAreCountedByCauseAndEarnNoWork() {
        StepVerifier.withVirtualTime(() -> new FixedStrategy(1, 4)
                        .execute(new TimedContext(Duration.ofMillis(100), 2)))
                .thenAwait(Duration.ofMillis(100))
                .assertNext(run -> {
                    assertThat(run.succeeded()).isEqualTo(2);
                    assertThat(run.failed()).isEqualTo(2);
                    assertThat(run.failures()).containsEntry("http_status:503", 2L);
                    assertThat(run.workload()).isEqualTo(20.0);
                    assertThat(run.failureRate()).isEqualTo(0.5);
                })
                .verifyComplete();
    }

    @Test
    void twoRunsOfOnlyTimeoutsEndTheStrategy() {
        StepVerifier.withVirtualTime(() -> new FixedStrategy(8, 2)
                        .execute(new TimedContext(Duration.ofMillis(100), 0, seq -> seq < 4)))
                .thenAwait(Duration.ofSeconds(1))
                .assertNext(run -> assertThat(run.failures()).containsEntry("timeout", 2L))
                .assertNext(run -> assertThat(run.failures()).containsEntry("timeout", 2L))
                .verifyComplete();
    }

    @Test
    void runsWithAnAnswerBetweenTimeoutsAllRun() {
        // Runs 1, 3, 5 and 7 time out; 2, 4, 6 and 8 do not.
        StepVerifier.withVirtualTime(() -> new FixedStrategy(8, 2)
                        .execute(new TimedContext(Duration.ofMillis(100), 0,
                                seq -> (seq / 2) % 2 == 0)))
                .thenAwait(Duration.ofSeconds(1))
                .expectNextCount(8)
                .verifyComplete();
    }

    @Test
    void oneSuccessKeepsRunsGoing() {
        // Every request but the third times out, so run 2 is not all timeouts.
        StepVerifier.withVirtualTime(() -> new FixedStrategy(4, 2)
                        .execute(new TimedContext(Duration.ofMillis(100), 0, seq -> seq != 2)))
                .thenAwait(Duration.ofSeconds(1))
                .expectNextCount(4)
                .verifyComplete();
    }

    @Test
    void nonPositiveCountsAreRejected() {
        assertThatThrownBy(() -> new FixedStrategy(0, 10))
                .hasMessage("runs must be at least 1, got 0");
        assertThatThrownBy(() -> new FixedStrategy(1, -3))
                .hasMessage("concurrency must be at least 1, got -3");
    }

    /**
     * Requests take a fixed time on virtual time; the first {@code failing} requests fail, and
     * those that {@code timesOut} accepts by sequence number time out.
     */
    private static final class TimedContext implements LoadContext {
        private final Duration latency;
        private final long failing;
        private final LongPredicate timesOut;
        private final AtomicLong sequence = new AtomicLong();

        TimedContext(Duration latency, long failing) {
            this(latency, failing, seq -> false);
        }

        TimedContext(Duration latency, long failing, LongPredicate timesOut) {
            this.latency = latency;
            this.failing = failing;
            this.timesOut = timesOut;
        }

        @Override
        public Mono<RequestResult> send() {
            return Mono.defer(() -> {
                long seq = sequence.getAndIncrement();
                long start = nanoTime();
                Outcome outcome = timesOut.test(seq)
                        ? Outcome.failed(FailureKind.TIMEOUT, "", "timed out")
                        : seq < failing
                        ? Outcome.failed(FailureKind.HTTP_STATUS, "503", "busy")
                        : Outcome.completed(10, WorkloadSource.REPORTED);
                return Mono.delay(latency, scheduler())
                        .map(tick -> new RequestResult(seq, outcome, start, nanoTime(), -1, 0));
            });
        }

        @Override
        public long nanoTime() {
            return scheduler().now(java.util.concurrent.TimeUnit.NANOSECONDS);
        }

        @Override
        public Scheduler scheduler() {
            return VirtualTimeScheduler.get();
        }
    }
}
