package dev.vespabench.core.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.util.concurrent.EventExecutor;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * HTTP clients bound one to each event loop, each with its own connection pool, so that a
 * request started on a loop's thread is sent over a connection of that loop.
 *
 * <p>With one pool over Reactor Netty's shared loops, every connection of a run ended up on
 * one loop (measured with Reactor Netty 1.3.7 and Netty 4.2.17). A connection opened from a
 * loop's thread is placed on that loop, and strategies start their first requests on the loop
 * that finished the warm-up request, so the engine used one core.
 */
final class LoopClients {

    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);

    private final LoopResources resources;
    private final List<LoopClient> clients;

    /**
     * Creates the loops, their pools and their clients.
     *
     * @param loops the number of event loops, at least 1
     * @param maxConnections the maximum number of connections of each loop's pool
     * @param configure the settings every client gets, applied to a client of one loop
     */
    LoopClients(int loops, int maxConnections, UnaryOperator<HttpClient> configure) {
        if (loops < 1) {
            throw new IllegalArgumentException("loops must be at least 1, got " + loops);
        }
        this.resources = LoopResources.create("vespa-bench", loops, true);
        // The server group is the plain group; the client group wraps it to colocate.
        EventLoopGroup group = resources.onServer(LoopResources.hasNativeSupport());
        List<LoopClient> clients = new ArrayList<>();
        for (EventExecutor executor : group) {
            EventLoop loop = (EventLoop) executor;
            ConnectionProvider pool = ConnectionProvider.builder("vespa-bench-" + clients.size())
                    .maxConnections(maxConnections)
                    .pendingAcquireMaxCount(-1)
                    .maxIdleTime(Duration.ofSeconds(30))
                    .build();
            HttpClient client = configure.apply(HttpClient.create(pool).runOn(loop));
            clients.add(new LoopClient(loop, pool, client));
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
        return Mono.when(clients.stream().map(client -> client.pool().disposeLater()).toList())
                .then(resources.disposeLater(Duration.ZERO, SHUTDOWN_TIMEOUT));
    }

    /** An event loop with its pool, its client and its count of requests in flight. */
    static final class LoopClient {
        private final EventLoop loop;
        private final ConnectionProvider pool;
        private final HttpClient client;
        private final AtomicInteger inFlight = new AtomicInteger();
        private volatile @Nullable PathSender lastSender;

        LoopClient(EventLoop loop, ConnectionProvider pool, HttpClient client) {
            this.loop = loop;
            this.pool = pool;
            this.client = client;
        }

        EventLoop loop() {
            return loop;
        }

        ConnectionProvider pool() {
            return pool;
        }

        HttpClient client() {
            return client;
        }

        /** Returns the requests sent through this client and not finished. */
        AtomicInteger inFlight() {
            return inFlight;
        }

        /**
         * Returns a sender for the method and path, reusing the last one when both match.
         * Every step of the client's fluent API copies its whole configuration, and a
         * benchmark sends most of its requests to one path.
         */
        HttpClient.RequestSender sender(String method, String path) {
            PathSender last = lastSender;
            if (last != null && last.method().equals(method) && last.path().equals(path)) {
                return last.sender();
            }
            HttpClient.RequestSender sender = client
                    .request(HttpMethod.valueOf(method.toUpperCase(Locale.ROOT)))
                    .uri(path);
            lastSender = new PathSender(method, path, sender);
            return sender;
        }
    }

    /** A request sender and the method and path it sends to. */
    private record PathSender(String method, String path, HttpClient.RequestSender sender) {
    }
}
