package dev.vespabench.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BatchSchedulerTest {

    private final List<BatchScheduler> schedulers = new ArrayList<>();

    @AfterEach
    void closeSchedulers() {
        schedulers.forEach(BatchScheduler::close);
    }

    private BatchScheduler scheduler(int slots, double baseMillis, double perSequenceMillis) {
        BatchScheduler scheduler =
                new BatchScheduler(new StepCost(slots, baseMillis, perSequenceMillis));
        schedulers.add(scheduler);
        return scheduler;
    }

    @Test
    void stepDurationFollowsActiveCount() throws InterruptedException {
        BatchScheduler scheduler = scheduler(8, 10.0, 2.0);
        List<Recorder> recorders = new ArrayList<>();

        for (int i = 0; i < 4; i++) {
            Recorder recorder = new Recorder();
            scheduler.submit(50, recorder);
            recorders.add(recorder);
        }
        for (Recorder recorder : recorders) {
            assertThat(recorder.finished.await(5, TimeUnit.SECONDS)).isTrue();
        }

        // From the third token on, all four sequences share every step of 10 + 2*4 ms.
        List<Long> times = recorders.get(0).tokenNanos;
        double meanStepMillis = (times.get(49) - times.get(2)) / 47 / 1e6;
        assertThat(meanStepMillis).isCloseTo(18.0, withinPercentage(3));
    }

    @ParameterizedTest
    @CsvSource({
        // requests, slots, length
        "10, 8, 500",
        "8, 8, 50",
        "1, 8, 50",
        "17, 8, 30",
        "5, 1, 7",
        "100, 32, 20",
        "33, 32, 3",
    })
    void burstMakespanMatchesAnalyticFigure(int requests, int slots, int length)
            throws InterruptedException {
        StepCost cost = new StepCost(slots, 4.0, 0.1);
        VirtualClock clock = new VirtualClock();
        BatchScheduler scheduler = new BatchScheduler(cost, clock);
        schedulers.add(scheduler);
        List<Recorder> recorders = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            Recorder recorder = new Recorder(clock::nanoTime);
            scheduler.submit(length, recorder);
            recorders.add(recorder);
        }

        scheduler.start();
        for (Recorder recorder : recorders) {
            assertThat(recorder.finished.await(10, TimeUnit.SECONDS)).isTrue();
        }

        // The virtual clock starts at 0, where the first step starts.
        long lastToken = recorders.stream()
                .mapToLong(recorder -> recorder.tokenNanos.get(length - 1))
                .max().orElseThrow();
        assertThat(recorders).allSatisfy(recorder ->
                assertThat(recorder.tokenNanos).hasSize(length));
        assertThat(lastToken).isEqualTo(Math.round(cost.burstNanos(requests, length)));
        assertThat(requests * (double) length * 1e9 / lastToken)
                .isCloseTo(cost.burstThroughput(requests), withinPercentage(1e-9));
    }

    @Test
    void idleSchedulerStartsStepOnArrival() throws InterruptedException {
        BatchScheduler scheduler = scheduler(4, 30.0, 0.0);
        Recorder first = new Recorder();
        scheduler.submit(1, first);
        assertThat(first.finished.await(5, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(200);

        Recorder second = new Recorder();
        long submitted = System.nanoTime();
        scheduler.submit(1, second);
        assertThat(second.finished.await(5, TimeUnit.SECONDS)).isTrue();

        // A step timed from the old deadline would have ended at once.
        double waitMillis = (second.tokenNanos.get(0) - submitted) / 1e6;
        assertThat(waitMillis).isBetween(29.0, 60.0);
    }

    @Test
    void fullSlotsQueueInFifoOrder() throws InterruptedException {
        BatchScheduler scheduler = scheduler(2, 2.0, 0.0);
        ConcurrentLinkedQueue<Long> finishOrder = new ConcurrentLinkedQueue<>();
        AtomicInteger maxActive = new AtomicInteger();
        CountDownLatch allFinished = new CountDownLatch(6);
        List<Long> submitOrder = new ArrayList<>();

        for (int i = 0; i < 6; i++) {
            long[] id = new long[1];
            Sequence sequence = scheduler.submit(3, new SequenceListener() {
                @Override
                public void onToken(int produced, boolean finished) {
                    maxActive.accumulateAndGet(scheduler.activeCount(), Math::max);
                    if (finished) {
                        finishOrder.add(id[0]);
                        allFinished.countDown();
                    }
                }

                @Override
                public void onAborted() {
                }
            });
            id[0] = sequence.id();
            submitOrder.add(sequence.id());
        }

        assertThat(allFinished.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(finishOrder).containsExactlyElementsOf(submitOrder);
        assertThat(maxActive.get()).isEqualTo(2);
    }

    @Test
    void cancelledSequenceFreesItsSlot() throws InterruptedException {
        BatchScheduler scheduler = scheduler(1, 2.0, 0.0);
        Recorder longRunning = new Recorder();
        Recorder waiting = new Recorder();
        Sequence sequence = scheduler.submit(1_000_000, longRunning);
        scheduler.submit(3, waiting);
        assertThat(longRunning.firstToken.await(5, TimeUnit.SECONDS)).isTrue();

        sequence.cancel();
        int producedAtCancel = longRunning.tokenNanos.size();

        assertThat(waiting.finished.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(longRunning.tokenNanos.size()).isLessThanOrEqualTo(producedAtCancel + 1);
        assertThat(scheduler.activeCount()).isLessThanOrEqualTo(1);
    }

    @Test
    void cancelledQueuedSequenceNeverStarts() throws InterruptedException {
        BatchScheduler scheduler = scheduler(1, 2.0, 0.0);
        Recorder first = new Recorder();
        Recorder cancelled = new Recorder();
        Recorder last = new Recorder();

        scheduler.submit(5, first);
        scheduler.submit(5, cancelled).cancel();
        scheduler.submit(5, last);

        assertThat(last.finished.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(first.tokenNanos).hasSize(5);
        assertThat(cancelled.tokenNanos).isEmpty();
        assertThat(last.tokenNanos.get(0)).isGreaterThan(first.tokenNanos.get(4));
    }

    @Test
    void failingListenerCancelsOnlyItsSequence() throws InterruptedException {
        BatchScheduler scheduler = scheduler(2, 2.0, 0.0);
        Recorder healthy = new Recorder();
        scheduler.submit(10, new SequenceListener() {
            @Override
            public void onToken(int produced, boolean finished) {
                throw new IllegalStateException("listener failure for the test");
            }

            @Override
            public void onAborted() {
            }
        });
        scheduler.submit(10, healthy);

        assertThat(healthy.finished.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(healthy.tokenNanos).hasSize(10);
    }

    @Test
    void closeAbortsActiveAndQueuedSequences() throws InterruptedException {
        BatchScheduler scheduler = scheduler(1, 2.0, 0.0);
        Recorder active = new Recorder();
        Recorder queued = new Recorder();
        scheduler.submit(1_000_000, active);
        scheduler.submit(5, queued);
        assertThat(active.firstToken.await(5, TimeUnit.SECONDS)).isTrue();

        scheduler.close();

        assertThat(active.aborted.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(queued.aborted.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(queued.tokenNanos).isEmpty();
        assertThatThrownBy(() -> scheduler.submit(1, new Recorder()))
                .isInstanceOf(RejectedExecutionException.class)
                .hasMessage("the simulator is shutting down");
    }

    /**
     * A clock that moves forward by the whole wait when the scheduler parks, so the scheduler
     * runs its steps at once and each step ends exactly at its deadline.
     */
    private static final class VirtualClock implements SchedulerClock {
        // Written by the scheduler thread only.
        private volatile long now;

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void parkNanos(Object blocker, long nanos) {
            now += nanos;
        }
    }

    /** Records when each token arrives and whether the sequence finished or was aborted. */
    private static final class Recorder implements SequenceListener {
        final LongSupplier clock;
        final List<Long> tokenNanos = new CopyOnWriteArrayList<>();
        final CountDownLatch firstToken = new CountDownLatch(1);
        final CountDownLatch finished = new CountDownLatch(1);
        final CountDownLatch aborted = new CountDownLatch(1);

        Recorder() {
            this(System::nanoTime);
        }

        Recorder(LongSupplier clock) {
            this.clock = clock;
        }

        @Override
        public void onToken(int produced, boolean last) {
            tokenNanos.add(clock.getAsLong());
            firstToken.countDown();
            if (last) {
                finished.countDown();
            }
        }

        @Override
        public void onAborted() {
            aborted.countDown();
        }
    }
}
