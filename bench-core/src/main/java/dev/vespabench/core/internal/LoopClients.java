package dev.vespabench.core.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import dev.vespabench.api.HttpRequestSpec;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.EventExecutor;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.resources.LoopResources;

/**
 * Event loops, each with its own connection pool, so that a request started on a loop's
 * thread is sent over a connection of that loop, with no hand-off between threads.
 *
 * <p>The loops come from Reactor Netty's {@link LoopResources}, which picks the native
 * transport where there is one. Strategies start the first requests of a run together on one
 * thread; {@link #pick()} spreads them, so that a run uses every loop.
 */
final class LoopClients {

    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration MAX_IDLE = Duration.ofSeconds(30);

    private final LoopResources resources;
    private final List<LoopClient> clients;

    /**
     * Creates the loops, their pools and their clients.
     *
     * @param loops the number of event loops, at least 1
     * @param maxConnections the maximum number of connections of each loop's pool
     * @param target the server every request goes to
     * @param connectTimeout the time limit of opening a connection
     */
    LoopClients(int loops, int maxConnections, HttpTarget target, Duration connectTimeout) {
        if (loops < 1) {
            throw new IllegalArgumentException("loops must be at least 1, got " + loops);
        }
        this.resources = LoopResources.create("vespa-bench", loops, true);
        // The server group is the plain group; the client group wraps it to colocate.
        EventLoopGroup group = resources.onServer(LoopResources.hasNativeSupport());
        Class<? extends SocketChannel> channelType =
                resources.onChannelClass(SocketChannel.class, group);
        List<LoopClient> clients = new ArrayList<>();
        for (EventExecutor executor : group) {
            EventLoop loop = (EventLoop) executor;
            clients.add(new LoopClient(new ConnectionPool(loop, channelType, target,
                    maxConnections, MAX_IDLE, connectTimeout)));
        }
        this.clients = List.copyOf(clients);
    }

    /**
     * Returns the client for a request started on the current thread: the current loop's
     * while it carries no more than its share of the requests in flight, else the client with
     * the fewest. The share keeps a closed loop on the loop where it started, and spreads the
     * first requests, which start together on one thread.
     *
     * @return the client; count the request with {@link LoopClient#inFlight()}
     */
    LoopClient pick() {
        LoopClient current = null;
        LoopClient least = clients.get(0);
        int leastCount = Integer.MAX_VALUE;
        long total = 0;
        for (LoopClient client : clients) {
            int count = client.inFlight().get();
            total += count;
            if (count < leastCount) {
                least = client;
                leastCount = count;
            }
            if (client.loop().inEventLoop()) {
                current = client;
            }
        }
        if (current != null && (long) current.inFlight().get() * clients.size() <= total) {
            return current;
        }
        return least;
    }

    /**
     * Closes the pools, then stops the loops.
     *
     * @return a Mono that completes once the loops have stopped
     */
    Mono<Void> disposeLater() {
        return Mono.when(clients.stream().map(client -> client.pool().close()).toList())
                .then(resources.disposeLater(Duration.ZERO, SHUTDOWN_TIMEOUT));
    }

    /** An event loop with its pool and its count of requests in flight. */
    static final class LoopClient {
        private final ConnectionPool pool;
        private final Scheduler timer;
        private final AtomicInteger inFlight = new AtomicInteger();

        LoopClient(ConnectionPool pool) {
            this.pool = pool;
            // Never disposed: disposing it would shut the loop down, which LoopResources owns.
            this.timer = Schedulers.fromExecutorService(pool.loop(), "vespa-bench-loop-timer");
        }

        /**
         * Returns a scheduler that runs tasks on this loop. A request's time limit set on it
         * costs no lock and no hand-off to another thread.
         */
        Scheduler timer() {
            return timer;
        }

        EventLoop loop() {
            return pool.loop();
        }

        ConnectionPool pool() {
            return pool;
        }

        /** Returns the requests sent through this client and not finished. */
        AtomicInteger inFlight() {
            return inFlight;
        }

        /**
         * Returns a Mono that sends a request over a connection of this loop when subscribed,
         * and emits what the consumer reads from the response.
         *
         * @param request the request
         * @param consumer a new reader of the response for each subscription
         * @return the Mono of the consumer's value
         */
        <T> Mono<T> exchange(HttpRequestSpec request, Supplier<ResponseConsumer<T>> consumer) {
            return Exchange.of(pool, request, consumer);
        }
    }
}
