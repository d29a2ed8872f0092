package dev.vespabench.core;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import dev.vespabench.api.Backend;
import dev.vespabench.api.BackendDefaults;
import dev.vespabench.core.internal.ExchangeSettings;
import dev.vespabench.core.internal.HttpExchanger;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * A benchmark of one backend at one base URL, ready to run.
 *
 * <p>{@link #events()} is cold: each subscription waits for the backend to be healthy, discovers
 * what it serves, warms up, measures and ends with {@link BenchmarkEvent.Finished}. Cancelling
 * the subscription cancels the requests in flight. {@link #result()} and {@link #runs()} are
 * views of the same sequence for callers that need only one part.
 */
public final class Benchmark {

    private final Backend backend;
    private final BenchmarkSettings settings;
    private final @Nullable LoadStrategy strategy;
    private final Scheduler scheduler;
    private final LongSupplier clock;
    private final Consumer<? super RequestResult> requestListener;
    private final Publisher<?> stopSignal;

    private Benchmark(Builder builder) {
        this.backend = builder.backend;
        this.settings = Objects.requireNonNull(builder.settings, "settings");
        this.strategy = builder.strategy;
        this.scheduler = builder.scheduler;
        this.clock = builder.clock;
        this.requestListener = builder.requestListener;
        this.stopSignal = builder.stopSignal;
    }

    /**
     * Creates a builder for a benchmark of the given backend.
     *
     * @param backend the backend, as created by its provider
     * @return the builder
     */
    public static Builder builder(Backend backend) {
        return new Builder(backend);
    }

    /**
     * Returns the benchmark's events; subscribing runs the benchmark.
     *
     * @return phases, finished runs and the final result
     */
    public Flux<BenchmarkEvent> events() {
        BackendDefaults defaults = backend.defaults();
        int concurrency = settings.concurrency().orElse(defaults.concurrency());
        LoadStrategy load = strategy != null ? strategy
                : new FixedStrategy(settings.runs().orElse(defaults.runs()), concurrency);
        Duration requestTimeout = settings.requestTimeout() != null
                ? settings.requestTimeout() : defaults.requestTimeout();
        boolean warmup = settings.warmup() != null ? settings.warmup() : defaults.warmup();
        // A few spare connections for the health and discovery requests.
        int connections = load.maxRequestsInFlight().orElse(Math.max(concurrency, 1)) + 4;
        ExchangeSettings exchange = new ExchangeSettings(settings.baseUrl(),
                settings.connectTimeout(), requestTimeout, settings.maxBodyBytes(),
                connections, settings.headers(), settings.retries(), settings.insecure());
        return Flux.usingWhen(
                Mono.fromSupplier(() -> new HttpExchanger(exchange, scheduler, clock)),
                exchanger -> new Execution(backend, settings, load, requestTimeout, warmup,
                        exchanger, scheduler, clock, requestListener)
                        .events(load.maxRequestsInFlight().orElse(concurrency), stopSignal),
                HttpExchanger::closeLater);
    }

    /**
     * Returns the runs as they finish; subscribing runs the benchmark.
     *
     * @return the runs
     */
    public Flux<RunResult> runs() {
        return events().ofType(BenchmarkEvent.RunFinished.class)
                .map(BenchmarkEvent.RunFinished::run);
    }

    /**
     * Returns the final result; subscribing runs the benchmark.
     *
     * @return the result
     */
    public Mono<BenchmarkResult> result() {
        return events().ofType(BenchmarkEvent.Finished.class)
                .map(BenchmarkEvent.Finished::result)
                .single();
    }

    /** A builder of {@link Benchmark}. */
    public static final class Builder {
        private final Backend backend;
        private @Nullable BenchmarkSettings settings;
        private @Nullable LoadStrategy strategy;
        private Scheduler scheduler = Schedulers.parallel();
        private LongSupplier clock = System::nanoTime;
        private Consumer<? super RequestResult> requestListener = request -> { };
        private Publisher<?> stopSignal = Mono.never();

        private Builder(Backend backend) {
            this.backend = Objects.requireNonNull(backend, "backend");
        }

        /**
         * Sets a signal that stops the benchmark early, such as a user's interrupt. When it emits
         * or completes, requests in flight are cancelled and the result is marked
         * {@link BenchmarkResult.Status#PARTIAL}, holding only the runs that finished.
         *
         * @param value the signal; by default one that never fires
         * @return this builder
         */
        public Builder stopSignal(Publisher<?> value) {
            stopSignal = Objects.requireNonNull(value, "stopSignal");
            return this;
        }

        /**
         * Sets the settings.
         *
         * @param value the settings
         * @return this builder
         */
        public Builder settings(BenchmarkSettings value) {
            settings = Objects.requireNonNull(value, "settings");
            return this;
        }

        /**
         * Sets the load strategy; by default {@link FixedStrategy} with the settings' runs and
         * concurrency.
         *
         * @param value the strategy
         * @return this builder
         */
        public Builder strategy(LoadStrategy value) {
            strategy = Objects.requireNonNull(value, "strategy");
            return this;
        }

        /**
         * Sets the scheduler of delays, polls and the health wait's time limits. Each request's
         * own time limit runs on the event loop that sends it.
         *
         * @param value the scheduler
         * @return this builder
         */
        public Builder scheduler(Scheduler value) {
            scheduler = Objects.requireNonNull(value, "scheduler");
            return this;
        }

        /**
         * Sets the nanosecond clock requests and runs are timed with.
         *
         * @param value the clock
         * @return this builder
         */
        public Builder clock(LongSupplier value) {
            clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * Sets a listener that receives every measured request's result as it finishes, for
         * progress displays. It is called on the thread that finished the request, so it must
         * be thread-safe and quick. Warm-up, health and discovery requests are not passed.
         *
         * @param value the listener
         * @return this builder
         */
        public Builder requestListener(Consumer<? super RequestResult> value) {
            requestListener = Objects.requireNonNull(value, "requestListener");
            return this;
        }

        /**
         * Creates the benchmark.
         *
         * @return the benchmark
         * @throws NullPointerException when no settings were given
         */
        public Benchmark build() {
            return new Benchmark(this);
        }
    }
}
