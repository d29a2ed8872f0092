package dev.vespabench.core.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.vespabench.api.HttpRequestSpec;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.DecoderResultProvider;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import org.jspecify.annotations.Nullable;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;

/**
 * One request on a pooled connection and its response, as the subscription of a
 * {@link Mono}. The response goes to a {@link ResponseConsumer}, whose value the Mono emits.
 *
 * <p>A connection whose response was read to its end goes back to the pool before the value is
 * emitted, so that the request the value starts can take it. A connection is closed when its
 * response ends in an error, or when the subscriber cancels before the body's end. Otherwise
 * the server might go on sending a response that the next request on the connection would
 * read as its own. When the consumer's value comes before the body's end, as the final event of a
 * stream does, the value is emitted at once and the rest of the body is read and dropped for up
 * to {@link #DRAIN_LIMIT}; a body that ends by then leaves its connection to the pool, so that
 * streamed requests do not each open a connection.
 *
 * <p>A request sent on a reused connection that closes before any response arrives is sent once
 * more on a new connection: the server closed the idle connection as the request was sent.
 *
 * <p>Everything but {@link #cancel()} runs on the pool's event loop.
 *
 * @param <T> the type of the consumer's value
 */
final class Exchange<T> extends Operators.MonoSubscriber<T, T> {

    /** How long the rest of a body is read after the value it carried. */
    static final Duration DRAIN_LIMIT = Duration.ofMillis(100);

    private final ConnectionPool pool;
    private final HttpRequestSpec spec;
    private final ResponseConsumer<T> consumer;
    private @Nullable PooledConnection connection;
    private boolean reused;
    private boolean retried;
    private boolean responded;
    private boolean keepAlive;
    private boolean done;
    private boolean draining;
    private boolean informational;

    private Exchange(CoreSubscriber<? super T> actual, ConnectionPool pool, HttpRequestSpec spec,
            ResponseConsumer<T> consumer) {
        super(actual);
        this.pool = pool;
        this.spec = spec;
        this.consumer = consumer;
    }

    /**
     * Returns a Mono that sends the request over a connection of the pool when subscribed.
     *
     * @param pool the pool of the event loop the exchange runs on
     * @param spec the request
     * @param consumer the reader of the response, one for each subscription
     * @return the Mono of the consumer's value
     */
    static <T> Mono<T> of(ConnectionPool pool, HttpRequestSpec spec,
            Supplier<ResponseConsumer<T>> consumer) {
        return new Mono<T>() {
            @Override
            public void subscribe(CoreSubscriber<? super T> actual) {
                Exchange<T> exchange = new Exchange<>(actual, pool, spec, consumer.get());
                actual.onSubscribe(exchange);
                exchange.start();
            }
        };
    }

    private void start() {
        if (pool.loop().inEventLoop()) {
            acquire();
            return;
        }
        try {
            pool.loop().execute(this::acquire);
        } catch (RejectedExecutionException e) {
            IOException closed = ConnectionPool.closedError();
            closed.initCause(e);
            fail(closed);
        }
    }

    private void acquire() {
        if (!wantsConnection()) {
            return;
        }
        pool.acquire(this);
    }

    /** Returns whether the exchange still waits for a connection. */
    boolean wantsConnection() {
        return !done && !isCancelled();
    }

    @Override
    public void cancel() {
        super.cancel();
        if (pool.loop().inEventLoop()) {
            abandon();
            return;
        }
        try {
            pool.loop().execute(this::abandon);
        } catch (RejectedExecutionException e) {
            // The loop has stopped, and its connections have closed with it.
        }
    }

    private void abandon() {
        if (done) {
            return;
        }
        done = true;
        detach(false);
    }

    /** Sends the request on a connection offered by the pool. */
    void onConnection(PooledConnection offered, boolean fromIdle) {
        if (!wantsConnection()) {
            offered.pool().release(offered);
            return;
        }
        Channel channel = offered.channel();
        ByteBuf request;
        try {
            request = RequestWriter.write(channel.alloc(), pool.target(), spec);
        } catch (IllegalArgumentException e) {
            // Nothing was sent, so the connection can serve another request.
            pool.release(offered);
            fail(e);
            return;
        }
        connection = offered;
        reused = fromIdle;
        offered.exchange = this;
        offered.headRequest = spec.method().equalsIgnoreCase("HEAD");
        // A failed write reaches the connection's exceptionCaught, which fails the exchange.
        channel.writeAndFlush(request, channel.voidPromise());
    }

    /** Fails the exchange with a connection that could not be opened. */
    void onConnectFailed(Throwable cause) {
        fail(cause);
    }

    /** Reads one decoded part of the response. */
    void onMessage(Object message) {
        if (draining) {
            drain(message);
            return;
        }
        if (done) {
            return;
        }
        if (message instanceof DecoderResultProvider provider) {
            DecoderResult result = provider.decoderResult();
            if (result.isFailure()) {
                fail(new DecoderException(result.cause()));
                return;
            }
        }
        try {
            if (informational) {
                // The end of an interim response, such as 103 Early Hints.
                informational = !(message instanceof LastHttpContent);
                return;
            }
            if (message instanceof HttpResponse response) {
                responded = true;
                int status = response.status().code();
                if (status >= 100 && status < 200 && status != 101) {
                    informational = !(message instanceof LastHttpContent);
                    return;
                }
                keepAlive = HttpUtil.isKeepAlive(response);
                consumer.head(response);
            }
            if (message instanceof HttpContent content) {
                T early = consumer.content(content.content());
                if (message instanceof LastHttpContent) {
                    T value = early != null ? early : consumer.end();
                    finish(value, true);
                } else if (early != null) {
                    finishBeforeEnd(early);
                }
            }
        } catch (RuntimeException e) {
            fail(e);
        }
    }

    /** Fails the exchange, or sends it again, when its connection closed before its end. */
    void onClosed() {
        connection = null;
        if (draining) {
            draining = false;
            return;
        }
        if (retryable()) {
            retry();
            return;
        }
        fail(new ConnectionClosedException());
    }

    /** Fails the exchange, or sends it again, after an error on its connection. */
    void onFailure(Throwable cause) {
        connection = null;
        if (draining) {
            draining = false;
            return;
        }
        if (cause instanceof IOException && retryable()) {
            retry();
            return;
        }
        fail(cause);
    }

    private boolean retryable() {
        return !done && reused && !responded && !retried;
    }

    private void retry() {
        retried = true;
        if (isCancelled()) {
            done = true;
            return;
        }
        pool.acquireNew(this);
    }

    private void finish(T value, boolean bodyEnded) {
        done = true;
        detach(bodyEnded && keepAlive);
        complete(value);
    }

    private void finishBeforeEnd(T value) {
        done = true;
        draining = true;
        pool.loop().schedule(this::stopDraining, DRAIN_LIMIT.toNanos(), TimeUnit.NANOSECONDS);
        complete(value);
    }

    private void drain(Object message) {
        boolean failed = message instanceof DecoderResultProvider provider
                && provider.decoderResult().isFailure();
        if (!failed && !(message instanceof LastHttpContent)) {
            return;
        }
        draining = false;
        detach(!failed && keepAlive);
    }

    private void stopDraining() {
        if (!draining) {
            return;
        }
        draining = false;
        detach(false);
    }

    private void fail(Throwable cause) {
        if (done) {
            return;
        }
        done = true;
        detach(false);
        if (!isCancelled()) {
            actual.onError(cause);
        }
    }

    /**
     * Takes the exchange off its connection, if it has one, and returns the connection to the
     * pool when it can serve another request, else closes it.
     */
    private void detach(boolean reusable) {
        PooledConnection current = connection;
        connection = null;
        if (current == null) {
            return;
        }
        current.exchange = null;
        if (reusable) {
            pool.release(current);
        } else {
            current.channel().close();
        }
    }

    /** A connection that closed before the response ended. */
    static final class ConnectionClosedException extends IOException {
        private static final long serialVersionUID = 1L;

        ConnectionClosedException() {
            super("connection closed before the response ended", null);
        }
    }
}
