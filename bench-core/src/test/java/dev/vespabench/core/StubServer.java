package dev.vespabench.core;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRoutes;

/** A real HTTP server on 127.0.0.1 and an ephemeral port, with routes set by each test. */
final class StubServer implements AutoCloseable {

    private final AtomicInteger opened = new AtomicInteger();
    private final AtomicInteger closed = new AtomicInteger();
    private final DisposableServer server;

    private StubServer(Consumer<HttpServerRoutes> routes) {
        this.server = HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                // Per channel: doOnConnection runs for every request of a kept-alive connection.
                .doOnChannelInit((observer, channel, address) -> {
                    opened.incrementAndGet();
                    channel.closeFuture().addListener(future -> closed.incrementAndGet());
                })
                .route(routes)
                .bindNow(Duration.ofSeconds(5));
    }

    static StubServer start(Consumer<HttpServerRoutes> routes) {
        return new StubServer(routes);
    }

    /** Returns the number of connections accepted so far. */
    int connectionsOpened() {
        return opened.get();
    }

    /** Returns the number of accepted connections that have closed. */
    int connectionsClosed() {
        return closed.get();
    }

    String url() {
        return "http://127.0.0.1:" + server.port();
    }

    @Override
    public void close() {
        server.disposeNow(Duration.ofSeconds(5));
    }
}
