package dev.vespabench.core.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslHandler;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The HTTP/1.1 connections of one event loop to one server. A request takes an idle
 * connection, opens one while fewer than the limit are open, or waits for one to be released.
 *
 * <p>Every method except {@link #close()} runs on the loop's thread, so the pool needs no
 * locks. Idle connections are reused last in, first out, and one idle for longer than the idle
 * limit is closed when a request would take it.
 */
final class ConnectionPool {

    /**
     * The shortest time limit of a TLS handshake. A handshake may take longer than the TCP
     * connect, which a short --connect-timeout is meant for.
     */
    private static final long MIN_HANDSHAKE_MILLIS = 10_000;

    private final EventLoop loop;
    private final HttpTarget target;
    private final Bootstrap bootstrap;
    private final int maxConnections;
    private final long maxIdleNanos;
    private final long connectTimeoutMillis;
    private final ArrayDeque<PooledConnection> idle = new ArrayDeque<>();
    private final ArrayDeque<Exchange<?>> waiting = new ArrayDeque<>();
    private final ChannelGroup channels;
    /** The connections open or being opened. */
    private int connections;
    private boolean closed;

    /**
     * Creates a pool that opens no connection until a request needs one.
     *
     * @param loop the loop of every connection, and the only thread that may call the pool
     * @param channelType the socket channel class of the loop's transport
     * @param target the server
     * @param maxConnections the most connections open at once, at least 1
     * @param maxIdle how long a connection may stay idle and still be reused
     * @param connectTimeout the time limit of opening a connection, TLS handshake included
     */
    ConnectionPool(EventLoop loop, Class<? extends SocketChannel> channelType, HttpTarget target,
            int maxConnections, Duration maxIdle, Duration connectTimeout) {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1, got "
                    + maxConnections);
        }
        this.loop = loop;
        this.target = target;
        this.maxConnections = maxConnections;
        this.maxIdleNanos = maxIdle.toNanos();
        this.connectTimeoutMillis = Math.min(Integer.MAX_VALUE, connectTimeout.toMillis());
        this.channels = new DefaultChannelGroup(loop);
        this.bootstrap = new Bootstrap()
                .group(loop)
                .channel(channelType)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectTimeoutMillis)
                .option(ChannelOption.TCP_NODELAY, true);
    }

    /** Returns the error of a request that the closed pool cannot serve. */
    static IOException closedError() {
        return new IOException("the connection pool is closed");
    }

    EventLoop loop() {
        return loop;
    }

    HttpTarget target() {
        return target;
    }

    /**
     * Gives the exchange a connection now, or once one is opened or released.
     *
     * @param exchange the exchange that needs a connection
     */
    void acquire(Exchange<?> exchange) {
        if (closed) {
            exchange.onConnectFailed(closedError());
            return;
        }
        long now = System.nanoTime();
        PooledConnection connection;
        while ((connection = idle.pollFirst()) != null) {
            connection.idle = false;
            if (!connection.channel().isActive()) {
                continue;
            }
            if (now - connection.idleSince > maxIdleNanos) {
                connection.channel().close();
                continue;
            }
            exchange.onConnection(connection, true);
            return;
        }
        if (connections < maxConnections) {
            connect(exchange);
        } else {
            waiting.addLast(exchange);
        }
    }

    /**
     * Opens a new connection for the exchange, even when the limit is reached. A request whose
     * reused connection turned out closed by the server retries on a new one this way; the
     * excess closes when it is released.
     *
     * @param exchange the exchange that needs a connection
     */
    void acquireNew(Exchange<?> exchange) {
        if (closed) {
            exchange.onConnectFailed(closedError());
            return;
        }
        connect(exchange);
    }

    /**
     * Takes back a connection whose response has ended, handing it to the next waiting
     * exchange or keeping it idle.
     *
     * @param connection the connection, with no exchange on it
     */
    void release(PooledConnection connection) {
        connection.exchange = null;
        Channel channel = connection.channel();
        if (!channel.isActive()) {
            return;
        }
        if (closed || connections > maxConnections) {
            channel.close();
            return;
        }
        Exchange<?> next;
        while ((next = waiting.pollFirst()) != null) {
            if (!next.isCancelled()) {
                next.onConnection(connection, true);
                return;
            }
        }
        connection.idle = true;
        connection.idleSince = System.nanoTime();
        idle.addFirst(connection);
    }

    /**
     * Closes every connection and fails the waiting exchanges.
     *
     * @return a Mono that completes once every connection has closed
     */
    Mono<Void> close() {
        return Mono.create(sink -> {
            try {
                loop.execute(() -> {
                    closed = true;
                    Exchange<?> next;
                    while ((next = waiting.pollFirst()) != null) {
                        next.onConnectFailed(closedError());
                    }
                    idle.clear();
                    channels.close().addListener(done -> sink.success());
                });
            } catch (RejectedExecutionException e) {
                sink.success();
            }
        });
    }

    private void connect(Exchange<?> exchange) {
        connections++;
        InetAddress literal = target.literal();
        if (literal != null) {
            connect(exchange, new InetAddress[] {literal}, 0);
            return;
        }
        // A name lookup may block, so it runs off the event loop.
        Schedulers.boundedElastic().schedule(() -> {
            try {
                InetAddress[] addresses = target.resolve();
                loop.execute(() -> connect(exchange, addresses, 0));
            } catch (UnknownHostException e) {
                loop.execute(() -> {
                    connections--;
                    exchange.onConnectFailed(e);
                    serveWaiting();
                });
            }
        });
    }

    /**
     * Opens a connection to the address at the index, and to the next address of the name
     * when that one rejects the connection or times out. A name such as localhost may have an
     * IPv4 and an IPv6 address, and the server may listen on only one of them.
     */
    private void connect(Exchange<?> exchange, InetAddress[] addresses, int index) {
        if (closed) {
            connections--;
            exchange.onConnectFailed(closedError());
            return;
        }
        InetSocketAddress address = new InetSocketAddress(addresses[index], target.port());
        PooledConnection connection = new PooledConnection(this);
        ChannelFuture future = bootstrap.clone()
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        ChannelPipeline pipeline = channel.pipeline();
                        if (target.secure()) {
                            pipeline.addLast(target.newTlsHandler(channel.alloc(),
                                    Math.max(connectTimeoutMillis, MIN_HANDSHAKE_MILLIS)));
                        }
                        pipeline.addLast(new ResponseDecoder(connection));
                        pipeline.addLast(connection);
                    }
                })
                .connect(address);
        Channel channel = future.channel();
        connection.attach(channel);
        channels.add(channel);
        channel.closeFuture().addListener(done -> closed(connection));
        future.addListener(connected -> {
            if (!connected.isSuccess()) {
                if (index + 1 < addresses.length && exchange.wantsConnection()) {
                    // Counted on its own: the failed channel's close takes its count away.
                    connections++;
                    connect(exchange, addresses, index + 1);
                } else {
                    exchange.onConnectFailed(connected.cause());
                }
                return;
            }
            SslHandler tls = channel.pipeline().get(SslHandler.class);
            if (tls == null) {
                exchange.onConnection(connection, false);
                return;
            }
            tls.handshakeFuture().addListener(handshake -> {
                if (handshake.isSuccess()) {
                    exchange.onConnection(connection, false);
                } else {
                    exchange.onConnectFailed(handshake.cause());
                }
            });
        });
    }

    private void closed(PooledConnection connection) {
        connections--;
        if (connection.idle) {
            connection.idle = false;
            idle.remove(connection);
        }
        serveWaiting();
    }

    private void serveWaiting() {
        while (connections < maxConnections && !closed) {
            Exchange<?> next = waiting.pollFirst();
            if (next == null) {
                return;
            }
            if (!next.isCancelled()) {
                connect(next);
            }
        }
    }
}
