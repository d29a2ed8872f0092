package dev.vespabench.sim;

import java.util.Arrays;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Applies the faults of one generation request to its response, for the OpenAI and the TGI
 * routes alike.
 *
 * <p>A route draws the faults with {@link #draw} and passes its normal response through
 * {@link #apply}, which sends the faults that come before a slot in its place. The route then
 * sends its body through {@link #sendJson}, or its stream steps through {@link #cutSteps} and
 * {@link #afterStream}.
 */
final class FaultResponses {

    /** The error body shape of a protocol. */
    enum Shape {
        /** vLLM's {@code {"error": {"message", "type", "param", "code"}}}. */
        OPENAI,
        /** TGI's {@code {"error": "...", "error_type": "..."}}. */
        TGI
    }

    private final FaultInjector injector;

    FaultResponses(FaultInjector injector) {
        this.injector = injector;
    }

    /** Draws the faults of the next generation request; see {@link FaultInjector#draw}. */
    RequestFault draw(boolean stream) {
        return injector.draw(stream);
    }

    /**
     * Returns the response of a request with the faults that precede its slot: the slow-start
     * delay, then an error status or a hang in place of the normal response. The normal
     * response applies the other faults itself.
     *
     * @param fault the request's faults
     * @param shape the error body shape of the route
     * @param response the response
     * @param normal the normal response, subscribed only if no fault replaces it
     * @return the response to send
     */
    Mono<Void> apply(RequestFault fault, Shape shape, HttpServerResponse response,
            Mono<Void> normal) {
        Mono<Void> replaced = Mono.defer(() -> {
            Fault kind = fault.fault();
            if (kind == Fault.SERVER_ERROR || kind == Fault.RATE_LIMITED
                    || kind == Fault.UNAVAILABLE) {
                injector.record(kind);
                return reject(response, shape, kind);
            }
            if (kind == Fault.HANG) {
                return injector.hang(response);
            }
            if (kind == Fault.TRUNCATED_STREAM) {
                // The connection closes after the response's terminating chunk.
                response.keepAlive(false);
            }
            return normal;
        });
        if (fault.delay().isZero()) {
            return replaced;
        }
        // The delay counts when it starts, so a client that gives up during it still counts.
        return Mono.delay(fault.delay())
                .doOnSubscribe(subscription -> injector.record(Fault.SLOW_START))
                .then(replaced);
    }

    /**
     * Sends a whole JSON body, cut in half for {@link Fault#TRUNCATED_JSON}, or cut and
     * followed by a TCP reset for {@link Fault#CONNECTION_RESET}.
     */
    Mono<Void> sendJson(HttpServerResponse response, byte[] body, RequestFault fault) {
        if (fault.is(Fault.TRUNCATED_JSON)) {
            injector.record(Fault.TRUNCATED_JSON);
            return HttpReplies.sendJson(response, HttpResponseStatus.OK,
                    Arrays.copyOf(body, body.length / 2));
        }
        if (fault.is(Fault.CONNECTION_RESET)) {
            int cut = (int) (fault.position() * body.length);
            int sent = Math.max(1, Math.min(body.length - 1, cut));
            // The header promises the whole body, so the client knows that it is cut short.
            // Reactor Netty ends the response after a body of one known element, and closes a
            // connection that is not kept alive. hide() hides the element count, so that the
            // reset comes before the end of the response.
            return response.status(HttpResponseStatus.OK)
                    .header(HttpHeaderNames.CONTENT_TYPE, HttpReplies.JSON_TYPE)
                    .header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(body.length))
                    .sendByteArray(Flux.just(Arrays.copyOf(body, sent)).hide())
                    .then()
                    .then(reset(response));
        }
        return HttpReplies.sendJson(response, HttpResponseStatus.OK, body);
    }

    /**
     * Applies the stream faults to the text of each token step, one element per step: ends the
     * steps early for {@link Fault#TRUNCATED_STREAM} and {@link Fault#CONNECTION_RESET}, and
     * cuts the JSON of one event in half for {@link Fault#TRUNCATED_JSON}. Ending early
     * cancels the steps, which frees the sequence's slot.
     *
     * @param steps the events of each step
     * @param fault the request's faults
     * @param tokens the number of steps the stream would have
     * @return the steps to send
     */
    Flux<String> cutSteps(Flux<String> steps, RequestFault fault, int tokens) {
        int cut = fault.cutTokens(tokens);
        if (fault.is(Fault.TRUNCATED_STREAM)) {
            return steps.take(cut)
                    .concatWith(Mono.fromRunnable(() -> injector.record(Fault.TRUNCATED_STREAM)));
        }
        if (fault.is(Fault.CONNECTION_RESET)) {
            return steps.take(cut);
        }
        if (fault.is(Fault.TRUNCATED_JSON)) {
            return steps.index().map(step -> {
                if (step.getT1() != cut) {
                    return step.getT2();
                }
                injector.record(Fault.TRUNCATED_JSON);
                return truncateFirstEvent(step.getT2());
            });
        }
        return steps;
    }

    /** Returns what follows the sent steps of a stream: a TCP reset, or nothing. */
    Mono<Void> afterStream(HttpServerResponse response, RequestFault fault) {
        return fault.is(Fault.CONNECTION_RESET) ? reset(response) : Mono.empty();
    }

    /**
     * Returns the first event of a step's text with its data cut in half, and drops the
     * step's other events.
     */
    static String truncateFirstEvent(String events) {
        int end = events.indexOf("\n\n");
        String first = end < 0 ? events : events.substring(0, end);
        int colon = first.indexOf(':');
        int dataStart = first.startsWith(" ", colon + 1) ? colon + 2 : colon + 1;
        int cut = dataStart + (first.length() - dataStart) / 2;
        return first.substring(0, cut) + "\n\n";
    }

    /** Sends an error status with the protocol's body, and {@code Retry-After} on 429 and 503. */
    Mono<Void> reject(HttpServerResponse response, Shape shape, Fault kind) {
        HttpResponseStatus status;
        String openAiType;
        String tgiType;
        switch (kind) {
            case SERVER_ERROR -> {
                status = HttpResponseStatus.INTERNAL_SERVER_ERROR;
                openAiType = "InternalServerError";
                tgiType = "incomplete_generation";
            }
            case RATE_LIMITED -> {
                status = HttpResponseStatus.TOO_MANY_REQUESTS;
                openAiType = "RateLimitError";
                tgiType = "overloaded";
            }
            default -> {
                status = HttpResponseStatus.SERVICE_UNAVAILABLE;
                openAiType = "ServiceUnavailableError";
                // NOTE: TGI itself never responds with 503. The type is for a proxy in front of
                // it that responds in TGI's shape.
                tgiType = "unavailable";
            }
        }
        String message = "the simulator injected this fault (" + kind.key() + ")";
        byte[] body = shape == Shape.OPENAI
                ? ApiException.of(status, openAiType, message).body()
                : TgiError.of(status, tgiType, message).body();
        if (status != HttpResponseStatus.INTERNAL_SERVER_ERROR) {
            response.header(HttpHeaderNames.RETRY_AFTER,
                    Integer.toString(injector.config().retryAfterSeconds()));
        }
        return HttpReplies.sendJson(response, status, body);
    }

    /**
     * Closes the connection with a TCP reset: {@code SO_LINGER} 0 makes the close abortive, so
     * the client reads an error instead of the end of the stream.
     */
    private Mono<Void> reset(HttpServerResponse response) {
        return Mono.create(sink -> response.withConnection(connection -> {
            Channel channel = connection.channel();
            injector.record(Fault.CONNECTION_RESET);
            channel.config().setOption(ChannelOption.SO_LINGER, 0);
            channel.close().addListener(closed -> sink.success());
        }));
    }
}
