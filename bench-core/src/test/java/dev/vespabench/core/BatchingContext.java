package dev.vespabench.core;

import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntPredicate;

import dev.vespabench.api.FailureKind;
import dev.vespabench.api.Outcome;
import dev.vespabench.api.WorkloadSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * A load context on virtual time that responds like a continuous-batching server in a steady
 * state: with {@code n} requests in flight and {@code S} slots, a step takes
 * {@code base + perSequence * min(n, S)} ms and every request needs {@code tokens} steps, times
 * {@code n / S} when requests queue. Its throughput at concurrency {@code c} is therefore
 * {@code min(c, S) / step} tokens per millisecond. Not an HTTP mock: no request is sent.
 */
final class BatchingContext implements LoadContext {

    private final int slots;
    private final double baseMillis;
    private final double perSequenceMillis;
    private final int tokens;
    private final boolean streaming;
    private final boolean noisy;
    private final IntPredicate failsAtConcurrency;
    private final OptionalInt published;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong sequence = new AtomicLong();

    private BatchingContext(int slots, double baseMillis, double perSequenceMillis, int tokens,
            boolean streaming, boolean noisy, IntPredicate failsAtConcurrency,
            OptionalInt published) {
        this.slots = slots;
        this.baseMillis = baseMillis;
        this.perSequenceMillis = perSequenceMillis;
        this.tokens = tokens;
        this.streaming = streaming;
        this.noisy = noisy;
        this.failsAtConcurrency = failsAtConcurrency;
        this.published = published;
    }

    static BatchingContext of(int slots, double baseMillis, double perSequenceMillis,
            int tokens) {
        return new BatchingContext(slots, baseMillis, perSequenceMillis, tokens, false, false,
                c -> false, OptionalInt.empty());
    }

    BatchingContext streaming() {
        return new BatchingContext(slots, baseMillis, perSequenceMillis, tokens, true, noisy,
                failsAtConcurrency, published);
    }

    /** Returns a copy whose request latencies vary from 0.5 to 1.5 times the model's. */
    BatchingContext noisy() {
        return new BatchingContext(slots, baseMillis, perSequenceMillis, tokens, streaming, true,
                failsAtConcurrency, published);
    }

    BatchingContext failingFrom(int concurrency) {
        return new BatchingContext(slots, baseMillis, perSequenceMillis, tokens, streaming, noisy,
                c -> c >= concurrency, published);
    }

    BatchingContext publishing(int limit) {
        return new BatchingContext(slots, baseMillis, perSequenceMillis, tokens, streaming, noisy,
                failsAtConcurrency, OptionalInt.of(limit));
    }

    /** Returns the tokens per second the model gives at a concurrency. */
    double throughput(int concurrency) {
        int active = Math.min(concurrency, slots);
        return active * 1000.0 / stepMillis(active);
    }

    /** Returns the end-to-end latency the model gives at a concurrency, in milliseconds. */
    double latencyMillis(int concurrency) {
        double queueing = Math.max(1.0, (double) concurrency / slots);
        return tokens * stepMillis(Math.min(concurrency, slots)) * queueing;
    }

    @Override
    public Mono<RequestResult> send() {
        return send(TokenObserver.NONE);
    }

    @Override
    public Mono<RequestResult> send(TokenObserver observer) {
        return Mono.defer(() -> {
            long seq = sequence.getAndIncrement();
            long start = nanoTime();
            inFlight.incrementAndGet();
            AtomicBoolean counted = new AtomicBoolean(true);
            Runnable leave = () -> {
                if (counted.getAndSet(false)) {
                    inFlight.decrementAndGet();
                }
            };
            // Virtual time runs a zero delay at once; one nanosecond later every request started
            // at this instant has counted itself.
            return Mono.delay(Duration.ofNanos(1), scheduler())
                    .flatMap(tick -> answer(seq, start, inFlight.get(), observer))
                    // Before the result goes downstream, where the next request may start at once.
                    .doOnNext(result -> leave.run())
                    .doOnCancel(leave);
        });
    }

    private Mono<RequestResult> answer(long seq, long start, int concurrency,
            TokenObserver observer) {
        if (failsAtConcurrency.test(concurrency)) {
            Outcome failed = Outcome.failed(FailureKind.HTTP_STATUS, "503", "overloaded");
            return Mono.delay(Duration.ofMillis(5), scheduler())
                    .map(tick -> new RequestResult(seq, failed, start, nanoTime(), -1, 0));
        }
        double scale = noisy ? 0.5 + (seq % 5) * 0.25 : 1.0;
        long latency = Math.round(latencyMillis(concurrency) * scale * 1e6);
        long step = Math.round(stepMillis(Math.min(concurrency, slots)) * scale * 1e6);
        long firstToken = latency - (tokens - 1) * step;
        Outcome done = Outcome.completed(tokens,
                streaming ? WorkloadSource.COUNTED : WorkloadSource.REPORTED);
        if (!streaming) {
            return Mono.delay(Duration.ofNanos(latency), scheduler())
                    .map(tick -> new RequestResult(seq, done, start, nanoTime(), -1, 0));
        }
        return Flux.range(0, tokens)
                .concatMap(i -> Mono.delay(Duration.ofNanos(i == 0 ? firstToken : step),
                        scheduler()))
                .doOnNext(tick -> observer.onTokens(nanoTime(), 1))
                .then(Mono.fromSupplier(() -> new RequestResult(seq, done, start, nanoTime(),
                        start + firstToken, tokens)));
    }

    @Override
    public OptionalInt maxConcurrentRequests() {
        return published;
    }

    @Override
    public long nanoTime() {
        return scheduler().now(TimeUnit.NANOSECONDS);
    }

    @Override
    public Scheduler scheduler() {
        return VirtualTimeScheduler.get();
    }

    private double stepMillis(int active) {
        return baseMillis + perSequenceMillis * active;
    }
}
