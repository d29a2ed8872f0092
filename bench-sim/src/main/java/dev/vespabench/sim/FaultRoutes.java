package dev.vespabench.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;

/**
 * The routes of fault injection: the start-up gate, which returns 503 on every route but
 * {@code /sim/*} during the start-up period, and {@code GET /sim/faults}, which returns the
 * count of each injected fault.
 *
 * <p>Routes match in the order they are registered, so {@link #register} must come before the
 * other routes for the gate to take their requests.
 */
final class FaultRoutes {

    private static final String CONTROL_PREFIX = "/sim/";

    private final FaultInjector injector;

    FaultRoutes(FaultInjector injector) {
        this.injector = injector;
    }

    void register(HttpServerRoutes routes) {
        routes.route(this::gated, this::unavailable)
                .get("/sim/faults", this::faults);
    }

    private boolean gated(HttpServerRequest request) {
        return injector.inStartup() && !request.uri().startsWith(CONTROL_PREFIX);
    }

    private Mono<Void> unavailable(HttpServerRequest request, HttpServerResponse response) {
        injector.record(Fault.STARTUP_UNAVAILABLE);
        String message = "the model is still loading";
        String path = request.fullPath();
        boolean tgi = path.equals("/generate") || path.equals("/generate_stream")
                || path.equals("/info");
        byte[] body = tgi
                ? TgiError.of(HttpResponseStatus.SERVICE_UNAVAILABLE, "unavailable", message)
                        .body()
                : ApiException.unavailable(message).body();
        response.header(HttpHeaderNames.RETRY_AFTER,
                Integer.toString(injector.config().retryAfterSeconds()));
        return HttpReplies.sendJson(response, HttpResponseStatus.SERVICE_UNAVAILABLE, body);
    }

    private Mono<Void> faults(HttpServerRequest request, HttpServerResponse response) {
        ObjectNode root = Json.object();
        root.put("requests", injector.requests());
        root.put("open_hangs", injector.openHangs());
        ObjectNode injected = root.putObject("injected");
        injector.counts().forEach((fault, count) -> injected.put(fault.key(), count));
        return HttpReplies.sendJson(response, HttpResponseStatus.OK, Json.bytes(root));
    }
}
