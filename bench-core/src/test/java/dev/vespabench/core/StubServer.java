package dev.vespabench.core;

import java.time.Duration;
import java.util.function.Consumer;

import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRoutes;

/** A real HTTP server on 127.0.0.1 and an ephemeral port, with routes set by each test. */
final class StubServer implements AutoCloseable {

    private final DisposableServer server;

    private StubServer(DisposableServer server) {
        this.server = server;
    }

    static StubServer start(Consumer<HttpServerRoutes> routes) {
        DisposableServer server = HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .route(routes)
                .bindNow(Duration.ofSeconds(5));
        return new StubServer(server);
    }

    String url() {
        return "http://127.0.0.1:" + server.port();
    }

    @Override
    public void close() {
        server.disposeNow(Duration.ofSeconds(5));
    }
}
