package dev.vespabench.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

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
    void nonPositiveCountsAreRejected() {
        assertThatThrownBy(() -> new FixedStrategy(0, 10))
                .hasMessage("runs must be at least 1, got 0");
        assertThatThrownBy(() -> new FixedStrategy(1, -3))
                .hasMessage("concurrency must be at least 1, got -3");
    }

    /** Requests take a fixed time on virtual time; the first {@code failing} of each wave fail. */
    private static final class TimedContext implements LoadContext {
        private final Duration latency;
        private final long failing;
        private final AtomicLong sequence = new AtomicLong();

        TimedContext(Duration latency, long failing) {
            this.latency = latency;
            this.failing = failing;
        }

        @Override
        public Mono<RequestResult> send() {
            return Mono.defer(() -> {
                long seq = sequence.getAndIncrement();
                long start = nanoTime();
                Outcome outcome = seq < failing
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
