package dev.vespabench.core.internal;

import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpResponseDecoder;

/**
 * Netty's response decoder, told by the connection whether the request it answers was a
 * {@code HEAD}, whose response has headers that describe a body it does not carry. Requests are
 * written by {@link RequestWriter}, so no encoder records their methods.
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
