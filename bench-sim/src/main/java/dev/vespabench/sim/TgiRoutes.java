package dev.vespabench.sim;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;
import reactor.core.publisher.Sinks;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;

/**
 * The routes of Hugging Face Text Generation Inference (TGI 3.x): {@code POST /generate},
 * {@code POST /generate_stream} and {@code GET /info}. {@code GET /health} is shared with the
 * other protocols.
 *
 * <p>Each generation becomes one {@link Sequence} of the batching model that the OpenAI routes
 * use. As in TGI, at most {@link SimulatorConfig#maxConcurrentRequests()} generations are in
 * flight on these two routes. A request beyond the limit gets an {@code overloaded} error:
 * HTTP 429 on {@code /generate}, and an error event on an HTTP 200 stream on
 * {@code /generate_stream}. That stream also reports invalid parameter values as events, as
 * TGI does, while a body that is not a request of the right shape gets HTTP 422 on both routes.
 * {@link FaultResponses} injects the faults of {@link SimulatorConfig#faults()} into both.
 */
final class TgiRoutes {

    /** The {@code max_total_tokens} that {@code /info} reports and requests are held to. */
    static final int MAX_TOTAL_TOKENS = 32_768;

    /** The {@code max_input_tokens} that {@code /info} reports and requests are held to. */
    static final int MAX_INPUT_TOKENS = MAX_TOTAL_TOKENS - 1;

    private static final Logger log = LoggerFactory.getLogger(TgiRoutes.class);
    private static final String EVENT_STREAM_TYPE = "text/event-stream";
    private static final byte[] EMPTY_BODY = new byte[0];

    private final BatchScheduler scheduler;
    private final SimulatorConfig config;
    private final FaultResponses faults;
    private final AtomicInteger inFlight = new AtomicInteger();

    TgiRoutes(BatchScheduler scheduler, SimulatorConfig config, FaultResponses faults) {
        this.scheduler = scheduler;
        this.config = config;
        this.faults = faults;
    }

    void register(HttpServerRoutes routes) {
        routes.get("/info", this::info)
                .post("/generate", this::generate)
                .post("/generate_stream", this::generateStream);
    }

    private Mono<Void> info(HttpServerRequest request, HttpServerResponse response) {
        ObjectNode root = Json.object();
        root.put("model_id", config.modelName());
        root.putNull("model_sha");
        root.put("model_pipeline_tag", "text-generation");
        root.put("max_concurrent_requests", config.maxConcurrentRequests());
        // NOTE: the simulator ignores best_of, stop and batched inputs, so the three limits of
        // those parameters are nominal values that keep the shape of TGI's /info.
        root.put("max_best_of", 1);
        root.put("max_stop_sequences", 4);
        root.put("max_input_tokens", MAX_INPUT_TOKENS);
        root.put("max_total_tokens", MAX_TOTAL_TOKENS);
        root.put("validation_workers", 1);
        root.put("max_client_batch_size", 1);
        root.put("router", "vespa-bench-sim");
        root.put("version", "vespa-bench-sim");
        root.putNull("sha");
        root.putNull("docker_label");
        return HttpReplies.sendJson(response, HttpResponseStatus.OK, Json.bytes(root));
    }

    private Mono<Void> generate(HttpServerRequest request, HttpServerResponse response) {
        Executor eventLoop = HttpReplies.eventLoop(response);
        return body(request)
                .flatMap(body -> {
                    TgiRequest parsed = TgiRequest.parse(body);
                    RequestFault fault = faults.draw(false);
                    Mono<Void> normal = Mono.defer(() -> {
                        if (!tryAcquire()) {
                            throw TgiError.overloaded();
                        }
                        return Mono.defer(() -> respond(response, parsed, eventLoop, fault))
                                .doFinally(signal -> inFlight.decrementAndGet());
                    });
                    return faults.apply(fault, FaultResponses.Shape.TGI, response, normal);
                })
                .onErrorResume(TgiError.class, e -> {
                    log.debug("Request rejected path=/generate status={} type={} message={}",
                            e.status().code(), e.type(), e.getMessage());
                    return HttpReplies.sendJson(response, e.status(), e.body());
                });
    }

    private Mono<Void> generateStream(HttpServerRequest request, HttpServerResponse response) {
        Executor eventLoop = HttpReplies.eventLoop(response);
        return body(request)
                .flatMap(body -> {
                    TgiRequest parsed = TgiRequest.parse(body);
                    RequestFault fault = faults.draw(true);
                    Mono<Void> normal = Mono.defer(() -> {
                        if (!tryAcquire()) {
                            return sendEvents(response,
                                    Flux.just(rejected(TgiError.overloaded())));
                        }
                        Flux<String> events = Flux.defer(() -> {
                            try {
                                parsed.validate(MAX_INPUT_TOKENS, MAX_TOTAL_TOKENS);
                                return tokenEvents(parsed, eventLoop, fault);
                            } catch (TgiError e) {
                                return Flux.just(rejected(e));
                            }
                        });
                        return sendEvents(response, events)
                                .then(faults.afterStream(response, fault))
                                .doFinally(signal -> inFlight.decrementAndGet());
                    });
                    return faults.apply(fault, FaultResponses.Shape.TGI, response, normal);
                })
                .onErrorResume(TgiError.class, e -> {
                    log.debug("Request rejected path=/generate_stream status={} type={}"
                            + " message={}", e.status().code(), e.type(), e.getMessage());
                    return HttpReplies.sendJson(response, e.status(), e.body());
                });
    }

    private static Mono<byte[]> body(HttpServerRequest request) {
        return request.receive().aggregate().asByteArray().defaultIfEmpty(EMPTY_BODY);
    }

    /** Takes one of the {@code max_concurrent_requests} permits, if one is free. */
    private boolean tryAcquire() {
        int limit = config.maxConcurrentRequests();
        int current;
        do {
            current = inFlight.get();
            if (current >= limit) {
                return false;
            }
        } while (!inFlight.compareAndSet(current, current + 1));
        return true;
    }

    private Mono<Void> respond(HttpServerResponse response, TgiRequest request,
            Executor eventLoop, RequestFault fault) {
        request.validate(MAX_INPUT_TOKENS, MAX_TOTAL_TOKENS);
        int tokens = outputTokens(request);
        TgiResponses writer = new TgiResponses(request, tokens, reportsDetails(request));
        Mono<Integer> finished = Mono.create(sink -> {
            Sequence sequence = submit(tokens, new SequenceListener() {
                @Override
                public void onToken(int produced, boolean last) {
                    if (last) {
                        eventLoop.execute(() -> sink.success(produced));
                    }
                }

                @Override
                public void onAborted() {
                    eventLoop.execute(() -> sink.error(TgiError.incomplete()));
                }
            });
            sink.onCancel(() -> cancel(sequence));
        });
        // The listener completes the sink on the event loop, so the body is written there.
        return finished.flatMap(produced ->
                faults.sendJson(response, writer.response(), fault));
    }

    private Flux<String> tokenEvents(TgiRequest request, Executor eventLoop,
            RequestFault fault) {
        int tokens = outputTokens(request);
        TgiResponses writer = new TgiResponses(request, tokens, reportsDetails(request));
        Sinks.Many<String> events = Sinks.many().unicast().onBackpressureBuffer();
        Sequence sequence = submit(tokens, new SequenceListener() {
            @Override
            public void onToken(int produced, boolean last) {
                eventLoop.execute(() -> {
                    events.tryEmitNext(writer.streamEvent(produced));
                    if (last) {
                        events.tryEmitComplete();
                    }
                });
            }

            @Override
            public void onAborted() {
                eventLoop.execute(() -> {
                    events.tryEmitNext(TgiError.incomplete().event());
                    events.tryEmitComplete();
                });
            }
        });
        // A stream that ends without its last event frees the slot, whatever ended it.
        Flux<String> steps = events.asFlux().doFinally(signal -> {
            if (signal != SignalType.ON_COMPLETE) {
                cancel(sequence);
            }
        });
        return faults.cutSteps(steps, fault, tokens);
    }

    /** Sends events on HTTP 200, flushing each one so every token arrives when it is made. */
    private static Mono<Void> sendEvents(HttpServerResponse response, Flux<String> events) {
        Flux<ByteBuf> buffers = events.map(
                event -> Unpooled.wrappedBuffer(event.getBytes(StandardCharsets.UTF_8)));
        return response.status(HttpResponseStatus.OK)
                .header(HttpHeaderNames.CONTENT_TYPE, EVENT_STREAM_TYPE)
                .send(buffers, buffer -> true)
                .then();
    }

    private static String rejected(TgiError error) {
        log.debug("Stream rejected path=/generate_stream type={} message={}",
                error.type(), error.getMessage());
        return error.event();
    }

    /** Returns the response length: {@code max_new_tokens}, or less when the config caps it. */
    private int outputTokens(TgiRequest request) {
        long cap = config.maxOutputTokens().orElse(Integer.MAX_VALUE);
        return (int) Math.min(request.maxNewTokens(), cap);
    }

    /** Returns whether to report details: when the request sets them and the config allows. */
    private boolean reportsDetails(TgiRequest request) {
        return request.details() && config.includeUsage();
    }

    private Sequence submit(int tokens, SequenceListener listener) {
        Sequence sequence;
        try {
            sequence = scheduler.submit(tokens, listener);
        } catch (RejectedExecutionException e) {
            throw TgiError.incomplete();
        }
        log.debug("TGI request queued sequence={} tokens={}", sequence.id(), tokens);
        return sequence;
    }

    private static void cancel(Sequence sequence) {
        if (sequence.cancel()) {
            log.debug("Client disconnected, so its slot is freed sequence={}", sequence.id());
        }
    }
}
