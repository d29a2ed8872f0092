package dev.vespabench.core.internal;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.vespabench.api.HttpRequestSpec;
import dev.vespabench.core.internal.LoopClients.LoopClient;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The sender of the clean-up requests that a backend names in an
 * {@link dev.vespabench.api.Outcome.FollowUp}, for requests that end without completing.
 *
 * <p>Clean-up runs in the background, so that it adds nothing to the measured latency. Each
 * clean-up request has its own time limit, and a request that fails or times out does not stop
 * the next one. The first failure is logged at WARN, later ones at DEBUG.
 */
final class CleanupSender {

    /** The time limit of one clean-up request, connection and queueing for it included. */
    static final Duration TIME_LIMIT = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(CleanupSender.class);

    private final Scheduler scheduler;
    private final Set<Mono<Void>> pending = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean warned = new AtomicBoolean();

    CleanupSender(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    /**
     * Starts sending clean-up requests one after the other, without waiting for them.
     *
     * @param sequence the number of the request they clean up after, for logs
     * @param client the client of the request's event loop
     * @param requests the clean-up requests; nothing is sent when empty
     */
    void send(long sequence, LoopClient client, List<HttpRequestSpec> requests) {
        if (requests.isEmpty()) {
            return;
        }
        Mono<Void> cleanup = Flux.fromIterable(requests)
                .concatMap(request -> sendOne(sequence, client, request))
                .then()
                .cache();
        pending.add(cleanup);
        cleanup.subscribe(null, null, () -> pending.remove(cleanup));
    }

    /**
     * Returns a Mono that completes once every clean-up started so far has ended, which takes
     * at most {@link #TIME_LIMIT} for each of their requests.
     *
     * @return the Mono
     */
    Mono<Void> awaitPending() {
        return Mono.defer(() -> Mono.when(List.copyOf(pending)));
    }

    private Mono<Void> sendOne(long sequence, LoopClient client, HttpRequestSpec request) {
        return client.exchange(request, StatusReader::new)
                .timeout(Mono.delay(TIME_LIMIT, scheduler),
                        Mono.error(() -> new TimeoutException("timed out after "
                                + TIME_LIMIT.toSeconds() + " s")))
                .doOnNext(status -> {
                    if (status >= 200 && status < 300) {
                        log.debug("request={} clean-up {} status={}", sequence, request, status);
                    } else {
                        failed(sequence, request, "HTTP status " + status);
                    }
                })
                .onErrorResume(error -> {
                    failed(sequence, request, String.valueOf(error.getMessage()));
                    return Mono.empty();
                })
                .then();
    }

    private void failed(long sequence, HttpRequestSpec request, String reason) {
        String format = "request={} clean-up {} failed: {}; the server may still hold work for"
                + " the request";
        if (warned.compareAndSet(false, true)) {
            log.warn(format, sequence, request, reason);
        } else {
            log.debug(format, sequence, request, reason);
        }
    }

    /** Reads a response's status and skips its body. */
    private static final class StatusReader implements ResponseConsumer<Integer> {
        private int status;

        @Override
        public void head(HttpResponse response) {
            status = response.status().code();
        }

        @Override
        public @Nullable Integer content(ByteBuf content) {
            return null;
        }

        @Override
        public Integer end() {
            return status;
        }
    }
}
