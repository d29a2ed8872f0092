package dev.vespabench.sim;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;

/** Helpers that the route handlers share to write responses. */
final class HttpReplies {

    static final String JSON_TYPE = "application/json";

    private HttpReplies() {
    }

    /** Sends a whole JSON body with the given status. */
    static Mono<Void> sendJson(HttpServerResponse response, HttpResponseStatus status,
            byte[] body) {
        return response.status(status)
                .header(HttpHeaderNames.CONTENT_TYPE, JSON_TYPE)
                .sendByteArray(Mono.just(body))
                .then();
    }

    /** Sends the error status and body of a rejected request. */
    static Mono<Void> sendError(HttpServerResponse response, ApiException error) {
        return sendJson(response, error.status(), error.body());
    }

    /**
     * Returns the event loop of the response's connection. Work handed to it runs on the same
     * thread as the connection's writes, in the order it was handed over.
     */
    static Executor eventLoop(HttpServerResponse response) {
        AtomicReference<Executor> eventLoop = new AtomicReference<>();
        // withConnection calls the consumer before it returns.
        response.withConnection(connection -> eventLoop.set(connection.channel().eventLoop()));
        return eventLoop.get();
    }
}
