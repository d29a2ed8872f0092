package dev.vespabench.core.internal;

import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpResponseDecoder;

/**
 * Netty's response decoder, which reads from its connection whether the current request is a
 * {@code HEAD}. A response to a {@code HEAD} has headers that describe a body it does not
 * carry. Requests are written by {@link RequestWriter}, so no encoder records their methods.
 */
final class ResponseDecoder extends HttpResponseDecoder {

    private final PooledConnection connection;

    ResponseDecoder(PooledConnection connection) {
        this.connection = connection;
    }

    @Override
    protected boolean isContentAlwaysEmpty(HttpMessage message) {
        return connection.headRequest || super.isContentAlwaysEmpty(message);
    }
}
