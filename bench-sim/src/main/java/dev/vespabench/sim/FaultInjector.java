package dev.vespabench.sim;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

import io.netty.channel.Channel;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Draws the faults of each generation request from a {@link FaultConfig}, counts the faults
 * injected, and keeps the connections of hung requests open until their clients or the
 * server close them.
 *
 * <p>A fault is counted when the server acts on it, not when it is drawn, so the counts match
 * what clients saw: a stream cut after k events is counted once the k events are sent.
 */
final class FaultInjector implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FaultInjector.class);

    private final FaultConfig config;
    private final long startupEndsNanos;
    private final Random random;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLongArray counts = new AtomicLongArray(Fault.values().length);
    private final Set<Channel> hung = ConcurrentHashMap.newKeySet();

    /** Creates an injector whose start-up period begins now. */
    FaultInjector(FaultConfig config) {
        this.config = config;
        this.startupEndsNanos = System.nanoTime() + config.startupPeriod().toNanos();
        this.random = new Random(config.seed());
    }

    /** Returns the settings. */
    FaultConfig config() {
        return config;
    }

    /** Returns whether the start-up period, in which every route returns 503, still runs. */
    boolean inStartup() {
        return !config.startupPeriod().isZero() && System.nanoTime() - startupEndsNanos < 0;
    }

    /**
     * Draws the faults of the next generation request. Every call takes two numbers from the
     * seeded random source, so the draws stay aligned with the request count.
     *
     * @param stream whether the response is a stream; a whole response never gets
     *        {@link Fault#TRUNCATED_STREAM}, and draws none in its place
     * @return the faults, which the caller applies and then counts with {@link #record}
     */
    RequestFault draw(boolean stream) {
        long number = requests.incrementAndGet();
        double pick;
        double position;
        synchronized (random) {
            pick = random.nextDouble();
            position = random.nextDouble();
        }
        Fault fault = pick(pick);
        if (fault == Fault.TRUNCATED_STREAM && !stream) {
            fault = null;
        }
        Duration delay = number <= config.slowRequests() ? config.slowDelay() : Duration.ZERO;
        if (fault == null && delay.isZero()) {
            return RequestFault.NONE;
        }
        return new RequestFault(fault, position, delay);
    }

    private @Nullable Fault pick(double value) {
        double cumulative = 0;
        for (Map.Entry<Fault, Double> entry : config.rates().entrySet()) {
            cumulative += entry.getValue();
            if (value < cumulative) {
                return entry.getKey();
            }
        }
        return null;
    }

    /** Counts one injected fault. */
    void record(Fault fault) {
        counts.incrementAndGet(fault.ordinal());
        log.debug("Fault injected fault={}", fault.key());
    }

    /** Returns the number of generation requests that drew faults, with or without one. */
    long requests() {
        return requests.get();
    }

    /** Returns the count of each injected fault, zeros included, in declaration order. */
    Map<Fault, Long> counts() {
        Map<Fault, Long> snapshot = new EnumMap<>(Fault.class);
        for (Fault fault : Fault.values()) {
            snapshot.put(fault, counts.get(fault.ordinal()));
        }
        return snapshot;
    }

    /** Returns the number of hung requests whose connections are still open. */
    int openHangs() {
        return hung.size();
    }

    /**
     * Keeps a request open without a response. The returned Mono never completes: Reactor Netty
     * cancels it when the client closes the connection, and {@link #close()} closes the
     * connection when the server stops.
     */
    Mono<Void> hang(HttpServerResponse response) {
        return Mono.<Void>never()
                .doOnSubscribe(subscription -> response.withConnection(connection -> {
                    Channel channel = connection.channel();
                    hung.add(channel);
                    record(Fault.HANG);
                    // The channel leaves the set whichever side closes it.
                    channel.closeFuture().addListener(closed -> hung.remove(channel));
                }));
    }

    /** Closes the connections of hung requests, so that the server does not wait for them. */
    @Override
    public void close() {
        for (Channel channel : hung) {
            channel.close();
        }
        hung.clear();
    }
}
