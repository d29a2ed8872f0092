package dev.vespabench.core.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import org.jspecify.annotations.Nullable;

/**
 * The last handler of a pooled connection's pipeline: it passes the decoded response of the
 * request on the connection to that request's exchange. A response or a close while no request
 * is on the connection closes it or lets the pool forget it.
 *
 * <p>Every field is read and written on the connection's event loop only.
 */
final class PooledConnection extends ChannelInboundHandlerAdapter {

    private final ConnectionPool pool;
    private @Nullable Channel channel;
    /** The exchange whose response the connection carries, or null while it is idle. */
    @Nullable Exchange<?> exchange;
    /** Whether the connection is among the pool's idle ones. */
    boolean idle;
    /** When the connection became idle, from {@link System#nanoTime()}. */
    long idleSince;
    /** Whether the request on the connection is a HEAD, whose response has no body. */
    boolean headRequest;

    PooledConnection(ConnectionPool pool) {
        this.pool = pool;
    }

    void attach(Channel channel) {
        this.channel = channel;
    }

    Channel channel() {
        if (channel == null) {
            throw new IllegalStateException("the connection has no channel yet");
        }
        return channel;
    }

    ConnectionPool pool() {
        return pool;
    }

    @Override
    public boolean isSharable() {
        return false;
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object message) {
        try {
            Exchange<?> current = exchange;
            if (current != null) {
                current.onMessage(message);
            } else {
                // A response that no request asked for: the connection is out of step.
                context.close();
            }
        } finally {
            ReferenceCountUtil.release(message);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        Exchange<?> current = exchange;
        exchange = null;
        if (current != null) {
            current.onClosed();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        Exchange<?> current = exchange;
        exchange = null;
        context.close();
        if (current != null) {
            current.onFailure(cause);
        }
    }
}
