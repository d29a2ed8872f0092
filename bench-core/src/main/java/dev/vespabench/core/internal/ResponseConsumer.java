package dev.vespabench.core.internal;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpResponse;
import org.jspecify.annotations.Nullable;

/**
 * Reads one response of an {@link Exchange} as it arrives, on the connection's event loop. An
 * exception thrown by any method fails the exchange.
 *
 * @param <T> the value read from the response
 */
interface ResponseConsumer<T> {

    /**
     * Receives the status line and headers.
     *
     * @param response the response without its body
     */
    void head(HttpResponse response);

    /**
     * Receives a part of the body, which is released after the call.
     *
     * @param content the part, possibly empty
     * @return the value when it is known before the body ends, which ends the exchange and
     *         closes the connection; else null
     */
    @Nullable T content(ByteBuf content);

    /**
     * Returns the value once the body has ended.
     *
     * @return the value
     */
    T end();
}
