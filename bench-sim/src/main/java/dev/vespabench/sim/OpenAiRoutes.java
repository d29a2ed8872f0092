package dev.vespabench.sim;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.publisher.SignalType;
import reactor.core.publisher.Sinks;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;

/**
 * The OpenAI-compatible routes, shaped like vLLM's: {@code GET /v1/models},
 * {@code POST /v1/completions} and {@code POST /v1/chat/completions}.
 *
 * <p>Each completion request becomes one {@link Sequence} of the batching model. A whole
 * response is sent when the sequence finishes, and a stream sends the events of each token
 * when the step that produced it ends. When the client disconnects, the sequence is
 * cancelled, so its slot is free at the next step boundary. {@link FaultResponses} injects
 * the faults of {@link SimulatorConfig#faults()} into both completion routes.
 */
final class OpenAiRoutes {

    private static final Logger log = LoggerFactory.getLogger(OpenAiRoutes.class);
    private static final String EVENT_STREAM_TYPE = "text/event-stream; charset=utf-8";
    private static final byte[] EMPTY_BODY = new byte[0];

    private final BatchScheduler scheduler;
    private final SimulatorConfig config;
    private final FaultResponses faults;
    private final long createdSeconds = System.currentTimeMillis() / 1000;

    OpenAiRoutes(BatchScheduler scheduler, SimulatorConfig config, FaultResponses faults) {
        this.scheduler = scheduler;
        this.config = config;
        this.faults = faults;
    }

    void register(HttpServerRoutes routes) {
        routes.get("/v1/models", this::models)
                .post(Endpoint.COMPLETIONS.path(),
                        (request, response) -> complete(request, response, Endpoint.COMPLETIONS))
                .post(Endpoint.CHAT.path(),
                        (request, response) -> complete(request, response, Endpoint.CHAT));
    }

    private Mono<Void> models(HttpServerRequest request, HttpServerResponse response) {
        ObjectNode root = Json.object();
        root.put("object", "list");
        ObjectNode card = root.putArray("data").addObject();
        card.put("id", config.modelName());
        card.put("object", "model");
        card.put("created", createdSeconds);
        card.put("owned_by", "vespa-bench-sim");
        card.put("root", config.modelName());
        card.putNull("parent");
        card.putNull("max_model_len");
        return HttpReplies.sendJson(response, HttpResponseStatus.OK, Json.bytes(root));
    }

    private Mono<Void> complete(HttpServerRequest request, HttpServerResponse response,
            Endpoint endpoint) {
        Executor eventLoop = HttpReplies.eventLoop(response);
        return request.receive()
                .aggregate()
                .asByteArray()
                .defaultIfEmpty(EMPTY_BODY)
                .flatMap(body -> {
                    CompletionRequest parsed =
                            CompletionRequest.parse(body, endpoint, config.modelName());
                    RequestFault fault = faults.draw(parsed.stream());
                    Mono<Void> normal = Mono.defer(() -> parsed.stream()
                            ? stream(response, parsed, eventLoop, fault)
                            : respond(response, parsed, eventLoop, fault));
                    return faults.apply(fault, FaultResponses.Shape.OPENAI, response, normal);
                })
                .onErrorResume(ApiException.class, e -> {
                    log.debug("Request rejected endpoint={} status={} message={}",
                            endpoint.path(), e.status().code(), e.getMessage());
                    return HttpReplies.sendError(response, e);
                });
    }

    private Mono<Void> respond(HttpServerResponse response, CompletionRequest request,
            Executor eventLoop, RequestFault fault) {
        int tokens = outputTokens(request);
        CompletionResponses writer =
                new CompletionResponses(request, config.modelName(), tokens, config.includeUsage());
        Mono<Integer> finished = Mono.create(sink -> {
            Sequence sequence = submit(writer, tokens, new WholeResponseListener(sink, eventLoop));
            sink.onCancel(() -> cancel(sequence, writer));
        });
        // The listener completes the sink on the event loop, so the body is written there.
        return finished.flatMap(produced ->
                faults.sendJson(response, writer.response(), fault));
    }

    private Mono<Void> stream(HttpServerResponse response, CompletionRequest request,
            Executor eventLoop, RequestFault fault) {
        int tokens = outputTokens(request);
        boolean includeUsage = request.streamUsage() && config.includeUsage();
        CompletionResponses writer =
                new CompletionResponses(request, config.modelName(), tokens, includeUsage);
        Sinks.Many<Integer> produced = Sinks.many().unicast().onBackpressureBuffer();
        Sequence sequence = submit(writer, tokens, new StreamListener(produced, eventLoop));

        Flux<String> steps = produced.asFlux()
                .map(writer::streamEvents)
                .doOnCancel(() -> cancel(sequence, writer));
        Flux<ByteBuf> events = faults.cutSteps(steps, fault, tokens)
                .map(text -> Unpooled.wrappedBuffer(text.getBytes(StandardCharsets.UTF_8)));
        // Flush after every step's events, so each token reaches the client when it is made.
        // A connection that closes before the events are subscribed cancels the outer Mono.
        return response.status(HttpResponseStatus.OK)
                .header(HttpHeaderNames.CONTENT_TYPE, EVENT_STREAM_TYPE)
                .send(events, buffer -> true)
                .then()
                .then(faults.afterStream(response, fault))
                .doFinally(signal -> {
                    if (signal != SignalType.ON_COMPLETE) {
                        cancel(sequence, writer);
                    }
                });
    }

    /** Returns the response length: {@code max_tokens}, or less when the config caps it. */
    private int outputTokens(CompletionRequest request) {
        int cap = config.maxOutputTokens().orElse(Integer.MAX_VALUE);
        return Math.min(request.maxTokens(), cap);
    }

    private Sequence submit(CompletionResponses writer, int tokens, SequenceListener listener) {
        Sequence sequence;
        try {
            sequence = scheduler.submit(tokens, listener);
        } catch (RejectedExecutionException e) {
            throw ApiException.unavailable(e.getMessage());
        }
        log.debug("Request queued id={} sequence={} tokens={}", writer.id(), sequence.id(), tokens);
        return sequence;
    }

    private static void cancel(Sequence sequence, CompletionResponses writer) {
        if (sequence.cancel()) {
            log.debug("Client disconnected, so its slot is freed id={} sequence={}",
                    writer.id(), sequence.id());
        }
    }

    private static ApiException shutdownError() {
        return ApiException.unavailable("the simulator shut down before the response finished");
    }

    /** Completes a whole response when its last token is produced. */
    private static final class WholeResponseListener implements SequenceListener {
        private final MonoSink<Integer> sink;
        private final Executor eventLoop;

        WholeResponseListener(MonoSink<Integer> sink, Executor eventLoop) {
            this.sink = sink;
            this.eventLoop = eventLoop;
        }

        @Override
        public void onToken(int produced, boolean finished) {
            if (finished) {
                eventLoop.execute(() -> sink.success(produced));
            }
        }

        @Override
        public void onAborted() {
            eventLoop.execute(() -> sink.error(shutdownError()));
        }
    }

    /** Passes each token count to the stream's sink on the connection's event loop. */
    private static final class StreamListener implements SequenceListener {
        private final Sinks.Many<Integer> sink;
        private final Executor eventLoop;

        StreamListener(Sinks.Many<Integer> sink, Executor eventLoop) {
            this.sink = sink;
            this.eventLoop = eventLoop;
        }

        @Override
        public void onToken(int produced, boolean finished) {
            eventLoop.execute(() -> {
                sink.tryEmitNext(produced);
                if (finished) {
                    sink.tryEmitComplete();
                }
            });
        }

        @Override
        public void onAborted() {
            eventLoop.execute(() -> sink.tryEmitError(shutdownError()));
        }
    }
}
