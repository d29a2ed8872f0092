package dev.vespabench.core.internal;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import javax.net.ssl.SSLException;

import dev.vespabench.api.BodyReader;
import dev.vespabench.api.Call;
import dev.vespabench.api.EventDecoder;
import dev.vespabench.api.EventStreamReader;
import dev.vespabench.api.FailureKind;
import dev.vespabench.api.HttpRequestSpec;
import dev.vespabench.api.HttpResponseData;
import dev.vespabench.api.Outcome;
import dev.vespabench.core.RequestResult;
import dev.vespabench.core.TokenObserver;
import dev.vespabench.core.internal.Exchange.ConnectionClosedException;
import dev.vespabench.core.internal.LoopClients.LoopClient;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The engine's HTTP side: sends a backend's calls over pooled HTTP/1.1 connections, follows
 * up where the backend asks, enforces the request time limit and the body size limit, and
 * turns every error into a counted failure. A request that ends without completing gets the
 * clean-up requests of its latest follow-up, sent in the background.
 */
public final class HttpExchanger implements AutoCloseable {

    /**
     * One event loop for each processor. Reactor Netty's default of at least 4 put more busy
     * threads than cores on a 2-core machine, and the engine sent fewer requests per second.
     */
    private static final int LOOPS = Math.max(1, Runtime.getRuntime().availableProcessors());
    private static final Logger log = LoggerFactory.getLogger(HttpExchanger.class);

    /** The longest wait before a retry, whatever the server's {@code Retry-After} asks. */
    private static final Duration MAX_RETRY_DELAY = Duration.ofSeconds(30);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(500);

    private final LoopClients clients;
    private final String host;
    private final String authority;
    private final int retries;
    private final Duration requestTimeout;
    private final Duration connectTimeout;
    private final Outcome.Failed timedOut;
    private final long maxBodyBytes;
    private final Scheduler scheduler;
    private final LongSupplier clock;
    private final CleanupSender cleanups;

    /**
     * Creates an exchanger with its own event loops and connection pools, one loop for each
     * processor.
     *
     * @param settings base URL, limits and headers
     * @param scheduler the scheduler of follow-up delays, retry delays and the time limits of
     *        {@link #fetch}; each measured request's own limit runs on its event loop
     * @param clock the nanosecond clock requests are timed with
     */
    public HttpExchanger(ExchangeSettings settings, Scheduler scheduler, LongSupplier clock) {
        this.retries = settings.retries();
        this.requestTimeout = settings.requestTimeout();
        this.connectTimeout = settings.connectTimeout();
        this.timedOut = new Outcome.Failed(FailureKind.TIMEOUT, "", "request timed out after "
                + seconds(requestTimeout) + " (--request-timeout)");
        this.maxBodyBytes = settings.maxBodyBytes();
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.cleanups = new CleanupSender(scheduler);
        // Each loop's pool may open the whole limit, because where requests start decides
        // how they divide between the loops.
        HttpTarget target = HttpTarget.of(settings.baseUrl(), settings.headers(),
                settings.insecure());
        this.host = target.host();
        this.authority = target.host() + ":" + target.port();
        this.clients = new LoopClients(LOOPS, settings.maxConnections(), target,
                settings.connectTimeout());
    }

    /**
     * Sends a call and its follow-ups and measures it. The returned Mono never signals an
     * error: failures of every kind become a failed outcome.
     *
     * @param sequence the request's number
     * @param call the first call
     * @return the measured result
     */
    public Mono<RequestResult> execute(long sequence, Call call) {
        return execute(sequence, call, TokenObserver.NONE);
    }

    /**
     * Sends a call and its follow-ups and measures it, passing each stream event that carries
     * tokens to an observer. The returned Mono never signals an error.
     *
     * @param sequence the request's number
     * @param call the first call
     * @param observer the receiver of the request's token events
     * @return the measured result
     */
    public Mono<RequestResult> execute(long sequence, Call call, TokenObserver observer) {
        Objects.requireNonNull(observer, "observer");
        return Mono.defer(() -> {
            LoopClient client = clients.pick();
            client.inFlight().incrementAndGet();
            Timing timing = new Timing(clock.getAsLong(), observer, client);
            // A timeout with a fallback, because timeout(Duration) in reactor-core 3.8 runs a
            // regular expression on every subscription to name the chain in its error message.
            // The limit runs on the request's own loop.
            // The request leaves its loop's count before its result is emitted. The result may
            // start the next request, which picks its loop by those counts.
            return follow(call, timing)
                    .timeout(Mono.delay(requestTimeout, client.timer()), Mono.just(timedOut))
                    .onErrorResume(error -> Mono.just(failure(error)))
                    .map(outcome -> {
                        timing.leave();
                        List<HttpRequestSpec> cleanup = timing.takeCleanup();
                        if (!(outcome instanceof Outcome.Completed)) {
                            cleanups.send(sequence, client, cleanup);
                        }
                        return new RequestResult(sequence, outcome, timing.start,
                                clock.getAsLong(), timing.firstToken, timing.tokens);
                    })
                    .doOnCancel(() -> {
                        timing.leave();
                        cleanups.send(sequence, client, timing.takeCleanup());
                    });
        });
    }

    /**
     * Sends one request and returns its whole response, for health checks and discovery.
     *
     * @param request the request
     * @param timeout the time limit
     * @param option the command-line option that sets the limit, named when it is reached,
     *        or an empty string when no option sets it
     * @return the response; errors are signalled as exceptions
     */
    public Mono<HttpResponseData> fetch(HttpRequestSpec request, Duration timeout,
            String option) {
        return clients.pick().exchange(request, () -> new Aggregate(maxBodyBytes))
                .timeout(timeout, scheduler)
                .onErrorMap(TimeoutException.class,
                        error -> new TimeLimitException(timeout, option));
    }

    /**
     * Returns a one-line description of an error of {@link #fetch}, without secrets.
     *
     * @param error the error
     * @return the description
     */
    public String describe(Throwable error) {
        return failure(error).message();
    }

    /**
     * Waits for the clean-up requests still being sent, then closes the connection pools and
     * stops the event loops.
     *
     * @return a Mono that completes once the loops have stopped
     */
    public Mono<Void> closeLater() {
        return cleanups.awaitPending().then(clients.disposeLater());
    }

    /** Closes the connection pools and stops the event loops without waiting for clean-up. */
    @Override
    public void close() {
        clients.disposeLater().subscribe();
    }

    private Mono<Outcome> follow(Call call, Timing timing) {
        return exchange(call, timing).flatMap(outcome -> {
            if (outcome instanceof Outcome.FollowUp next) {
                timing.cleanup.set(next.cleanup());
                return Mono.delay(next.delay(), scheduler)
                        .then(Mono.defer(() -> follow(next.next(), timing)));
            }
            if (outcome instanceof Outcome.Failed failed && timing.retries < retries
                    && overloaded(failed)) {
                Duration delay = retryDelay(timing);
                timing.retries++;
                timing.retryAfter = null;
                log.debug("retry={} after {} ms: {}", timing.retries, delay.toMillis(),
                        failed.cause());
                return Mono.delay(delay, scheduler).then(Mono.defer(() -> follow(call, timing)));
            }
            return Mono.just(outcome);
        });
    }

    private static boolean overloaded(Outcome.Failed failed) {
        return switch (failed.kind()) {
            case HTTP_STATUS -> failed.label().equals("429") || failed.label().equals("503");
            case BACKEND_ERROR -> failed.label().equals("overloaded");
            default -> false;
        };
    }

    /**
     * Returns the wait before the next retry: the server's {@code Retry-After} in seconds when it
     * sent one, else an exponential back-off from 0.5 s, never above 30 s. An HTTP-date form of
     * {@code Retry-After} is not parsed and falls back to the back-off.
     */
    private static Duration retryDelay(Timing timing) {
        String header = timing.retryAfter;
        if (header != null) {
            try {
                long seconds = Long.parseLong(header.trim());
                if (seconds >= 0) {
                    Duration asked = Duration.ofSeconds(seconds);
                    return asked.compareTo(MAX_RETRY_DELAY) > 0 ? MAX_RETRY_DELAY : asked;
                }
            } catch (NumberFormatException e) {
                // Not a number of seconds; use the back-off.
            }
        }
        Duration backoff = FIRST_BACKOFF.multipliedBy(1L << Math.min(timing.retries, 6));
        return backoff.compareTo(MAX_RETRY_DELAY) > 0 ? MAX_RETRY_DELAY : backoff;
    }

    private Mono<Outcome> exchange(Call call, Timing timing) {
        return timing.client.exchange(call.request(), () -> new CallReader(call, timing));
    }

    private static Map<String, String> lowerCase(HttpHeaders headers) {
        Map<String, String> map = new HashMap<>(headers.size() * 2);
        for (Map.Entry<String, String> entry : headers) {
            map.putIfAbsent(entry.getKey().toLowerCase(Locale.ROOT), entry.getValue());
        }
        return map;
    }

    private Outcome.Failed failure(Throwable error) {
        if (error instanceof TimeoutException) {
            return new Outcome.Failed(FailureKind.TIMEOUT, "", String.valueOf(error.getMessage()));
        }
        if (error instanceof ConnectTimeoutException) {
            return new Outcome.Failed(FailureKind.CONNECTION, "timeout", "connection timed out"
                    + " after " + seconds(connectTimeout) + " (--connect-timeout)");
        }
        if (error instanceof BodyTooLargeException) {
            return new Outcome.Failed(FailureKind.BODY_TOO_LARGE, "", error.getMessage());
        }
        if (error instanceof SslHandshakeTimeoutException) {
            return new Outcome.Failed(FailureKind.CONNECTION, "tls", "TLS handshake failed: "
                    + message(error) + "; the server accepted the connection but did not"
                    + " complete the handshake");
        }
        if (tlsFailure(error)) {
            return new Outcome.Failed(FailureKind.CONNECTION, "tls", "TLS handshake failed: "
                    + message(error) + "; if the server uses a self-signed certificate, pass"
                    + " --insecure");
        }
        if (error instanceof UnknownHostException) {
            // The lookup's own message is the name alone, or the name and a reason.
            return new Outcome.Failed(FailureKind.CONNECTION, "unknown_host", "host name "
                    + host + " could not be resolved; check the host in --url");
        }
        if (error instanceof DecoderException decoding) {
            Throwable cause = decoding.getCause() != null ? decoding.getCause() : decoding;
            return new Outcome.Failed(FailureKind.UNREADABLE_BODY, "",
                    "response could not be read: " + message(cause));
        }
        if (error instanceof ConnectException) {
            // Netty's message starts with its system call, such as "finishConnect(..) failed
            // with error(-111): Connection refused: ...", which is of no use to a user.
            String text = message(error);
            if (text.contains("Connection refused")) {
                text = "nothing accepted connections on " + authority
                        + "; check that the server is running and the port in --url";
            }
            return new Outcome.Failed(FailureKind.CONNECTION, "refused",
                    "connection failed: " + text);
        }
        if (error instanceof ConnectionClosedException) {
            return new Outcome.Failed(FailureKind.CONNECTION, "closed",
                    "connection closed before the response ended");
        }
        if (error instanceof IOException
                || error instanceof io.netty.channel.ChannelException) {
            return new Outcome.Failed(FailureKind.CONNECTION, "",
                    "connection error: " + message(error));
        }
        return new Outcome.Failed(FailureKind.UNREADABLE_BODY, "",
                "response could not be read: " + message(error));
    }

    private static boolean tlsFailure(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof SSLException) {
                return true;
            }
        }
        return false;
    }

    /** Formats a time limit in seconds, as {@code 300 s} or {@code 0.5 s}. */
    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0
                ? duration.toSeconds() + " s" : duration.toMillis() / 1000.0 + " s";
    }

    private static String message(Throwable error) {
        String text = error.getMessage();
        return text == null || text.isBlank() ? error.getClass().getSimpleName() : text;
    }

    /** A request that reached its time limit; the message names the limit and its option. */
    private static final class TimeLimitException extends TimeoutException {
        private static final long serialVersionUID = 1L;

        TimeLimitException(Duration limit, String option) {
            super("request timed out after " + seconds(limit)
                    + (option.isEmpty() ? "" : " (" + option + ")"));
        }
    }

    /** Reads a whole response into its status, lower-case headers and body. */
    static final class Aggregate implements ResponseConsumer<HttpResponseData> {
        private final BoundedBuffer body;
        private int status;
        private Map<String, String> headers = Map.of();

        Aggregate(long maxBodyBytes) {
            this.body = new BoundedBuffer(maxBodyBytes);
        }

        @Override
        public void head(HttpResponse response) {
            status = response.status().code();
            headers = lowerCase(response.headers());
            body.expect(response.headers().get(HttpHeaderNames.CONTENT_LENGTH));
        }

        @Override
        public @Nullable HttpResponseData content(ByteBuf content) {
            body.append(content);
            return null;
        }

        @Override
        public HttpResponseData end() {
            return new HttpResponseData(status, headers, body.toByteArray());
        }
    }

    /**
     * Reads the response of a backend's call with the call's reader: a whole body, or an event
     * stream whose final event may come before the body ends.
     */
    private final class CallReader implements ResponseConsumer<Outcome> {
        private final Call call;
        private final Timing timing;
        private @Nullable Aggregate whole;
        private @Nullable StreamState stream;

        CallReader(Call call, Timing timing) {
            this.call = call;
            this.timing = timing;
        }

        @Override
        public void head(HttpResponse response) {
            timing.retryAfter = response.headers().get(HttpHeaderNames.RETRY_AFTER);
            int status = response.status().code();
            if (call.reader() instanceof EventStreamReader reader
                    && status >= 200 && status < 300) {
                stream = new StreamState(reader.start(), timing);
            } else {
                whole = new Aggregate(maxBodyBytes);
                whole.head(response);
            }
        }

        @Override
        public @Nullable Outcome content(ByteBuf content) {
            if (stream != null) {
                return content.isReadable() ? stream.feed(ByteBufUtil.getBytes(content)) : null;
            }
            whole().content(content);
            return null;
        }

        @Override
        public Outcome end() {
            if (stream != null) {
                return stream.end();
            }
            HttpResponseData data = whole().end();
            if (call.reader() instanceof BodyReader reader) {
                return reader.read(data);
            }
            return ((EventStreamReader) call.reader()).readError(data);
        }

        private Aggregate whole() {
            if (whole == null) {
                throw new IllegalStateException("the response has no status line");
            }
            return whole;
        }
    }

    /**
     * Timing and token counts of one request across its follow-ups, its loop, and the clean-up
     * requests of its latest follow-up.
     */
    private static final class Timing {
        final long start;
        final TokenObserver observer;
        final LoopClient client;
        final AtomicBoolean left = new AtomicBoolean();
        final AtomicReference<List<HttpRequestSpec>> cleanup = new AtomicReference<>(List.of());
        long firstToken = -1;
        long tokens;
        int retries;
        @Nullable String retryAfter;

        Timing(long start, TokenObserver observer, LoopClient client) {
            this.start = start;
            this.observer = observer;
            this.client = client;
        }

        /** Takes the request out of its loop's count, once whether it ends or is cancelled. */
        void leave() {
            if (left.compareAndSet(false, true)) {
                client.inFlight().decrementAndGet();
            }
        }

        /**
         * Returns the clean-up requests and forgets them, so that they are sent at most once
         * however the request ends.
         */
        List<HttpRequestSpec> takeCleanup() {
            return cleanup.getAndSet(List.of());
        }
    }

    /** The parse state of one event stream. */
    private final class StreamState {
        private final EventDecoder decoder;
        private final Timing timing;
        private final SseParser parser;
        private @Nullable Outcome terminal;

        StreamState(EventDecoder decoder, Timing timing) {
            this.decoder = decoder;
            this.timing = timing;
            this.parser = new SseParser(event -> {
                if (terminal != null) {
                    return;
                }
                EventDecoder.EventStep step = decoder.onEvent(event);
                if (step.tokens() > 0) {
                    long now = clock.getAsLong();
                    if (timing.firstToken < 0) {
                        timing.firstToken = now;
                    }
                    timing.tokens += step.tokens();
                    timing.observer.onTokens(now, step.tokens());
                }
                terminal = step.terminal();
            });
        }

        @Nullable Outcome feed(byte[] chunk) {
            parser.feed(chunk);
            return terminal;
        }

        Outcome end() {
            parser.finish();
            return terminal != null ? terminal : decoder.onEnd();
        }
    }
}
