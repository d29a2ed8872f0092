package dev.vespabench.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;

class ImageEngineTest {

    private static final long WAIT_SECONDS = 5;

    @Test
    void workersRunJobsInParallel() throws Exception {
        try (ImageEngine engine = new ImageEngine(ImageConfig.of(2, 100))) {
            ImageTask first = engine.submit("a");
            ImageTask second = engine.submit("b");
            ImageTask third = engine.submit("c");

            assertThat(engine.runningJobs()).isEqualTo(2);
            assertThat(engine.queuedJobs()).isEqualTo(1);
            await(third);
            assertThat(first.state()).isEqualTo(ImageTask.State.DONE);
            assertThat(second.state()).isEqualTo(ImageTask.State.DONE);
            assertThat(first.queuedMillis()).isLessThan(50);
            assertThat(third.queuedMillis()).isBetween(90L, 200L);
            assertThat(third.runMillis()).isBetween(95L, 200L);
            assertThat(engine.completedJobs()).isEqualTo(3);
        }
    }

    @Test
    void queuedJobsStartInOrder() throws Exception {
        try (ImageEngine engine = new ImageEngine(ImageConfig.of(1, 20))) {
            List<String> finished = new ArrayList<>();
            List<CompletableFuture<Void>> futures = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                ImageTask task = engine.submit("job-" + i);
                futures.add(task.finished().thenAccept(done -> {
                    synchronized (finished) {
                        finished.add(done.id());
                    }
                }));
            }

            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
                    .get(WAIT_SECONDS, TimeUnit.SECONDS);

            assertThat(finished).containsExactly("job-0", "job-1", "job-2", "job-3", "job-4");
        }
    }

    @Test
    void cancelledQueuedJobNeverRuns() throws Exception {
        try (ImageEngine engine = new ImageEngine(ImageConfig.of(1, 50))) {
            ImageTask running = engine.submit("a");
            ImageTask queued = engine.submit("b");

            boolean cancelled = engine.cancel(queued);

            assertThat(cancelled).isTrue();
            assertThat(queued.state()).isEqualTo(ImageTask.State.CANCELLED);
            assertThat(queued.finished()).isCancelled();
            await(running);
            assertThat(engine.completedJobs()).isEqualTo(1);
            assertThat(engine.cancel(queued)).isFalse();
        }
    }

    @Test
    void cancelledRunningJobFreesWorker() {
        try (ImageEngine engine = new ImageEngine(ImageConfig.of(1, 60_000))) {
            ImageTask first = engine.submit("a");
            ImageTask second = engine.submit("b");

            engine.cancel(first);

            assertThat(first.state()).isEqualTo(ImageTask.State.CANCELLED);
            assertThat(second.state()).isEqualTo(ImageTask.State.RUNNING);
            assertThat(engine.runningJobs()).isEqualTo(1);
            assertThat(engine.queuedJobs()).isZero();
        }
    }

    @Test
    void jobThatNeverFinishesHoldsWorker() {
        ImageConfig config = ImageConfig.of(1, 10).withJobsNeverFinish(true);
        try (ImageEngine engine = new ImageEngine(config)) {
            ImageTask task = engine.submit("a");

            assertThatThrownBy(() -> task.finished().get(300, TimeUnit.MILLISECONDS))
                    .isInstanceOf(TimeoutException.class);
            assertThat(task.state()).isEqualTo(ImageTask.State.RUNNING);
            assertThat(engine.completedJobs()).isZero();
        }
    }

    @Test
    void closeFailsUnfinishedJobs() {
        ImageEngine engine = new ImageEngine(ImageConfig.of(1, 60_000));
        ImageTask running = engine.submit("a");
        ImageTask queued = engine.submit("b");

        engine.close();

        assertThat(running.state()).isEqualTo(ImageTask.State.FAILED);
        assertThat(queued.state()).isEqualTo(ImageTask.State.FAILED);
        assertThatThrownBy(() -> running.finished().get(WAIT_SECONDS, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(RejectedExecutionException.class);
        assertThatThrownBy(() -> engine.submit("c"))
                .isInstanceOf(RejectedExecutionException.class);
    }

    private static void await(ImageTask task) throws Exception {
        try {
            task.finished().get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (CancellationException e) {
            throw new AssertionError("job " + task.id() + " was cancelled", e);
        }
    }
}
