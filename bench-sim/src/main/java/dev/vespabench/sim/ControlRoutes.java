package dev.vespabench.sim;

import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;

/**
 * Routes that every simulated protocol shares: {@code GET /health}, and
 * {@code GET /sim/analytic?concurrency=C}, which returns the throughput that the batching
 * model predicts and the image jobs per second that the image engine predicts.
 */
final class ControlRoutes {

    private final StepCost cost;
    private final ImageConfig images;

    ControlRoutes(StepCost cost, ImageConfig images) {
        this.cost = cost;
        this.images = images;
    }

    void register(HttpServerRoutes routes) {
        routes.get("/health", (request, response) -> response.status(HttpResponseStatus.OK).send())
                .get("/sim/analytic", this::analytic);
    }

    private Mono<Void> analytic(HttpServerRequest request, HttpServerResponse response) {
        int concurrency;
        try {
            concurrency = concurrencyParameter(request.uri());
        } catch (ApiException e) {
            return HttpReplies.sendError(response, e);
        }

        ObjectNode body = Json.object();
        body.put("concurrency", concurrency);
        body.put("tokens_per_second", cost.throughput(concurrency));
        body.put("capacity_tokens_per_second", cost.capacity());
        body.put("slots", cost.slots());
        body.put("base_step_ms", cost.baseMillis());
        body.put("per_sequence_step_ms", cost.perSequenceMillis());
        body.put("image_jobs_per_second", images.analyticJobsPerSecond(concurrency));
        body.put("image_workers", images.workers());
        body.put("image_job_ms", images.jobMillis());
        return HttpReplies.sendJson(response, HttpResponseStatus.OK, Json.bytes(body));
    }

    private static int concurrencyParameter(String uri) {
        List<String> values = new QueryStringDecoder(uri).parameters().get("concurrency");
        if (values == null || values.isEmpty()) {
            throw ApiException.badRequest("the concurrency query parameter is missing,"
                    + " as in /sim/analytic?concurrency=8");
        }
        String value = values.get(0);
        int concurrency;
        try {
            concurrency = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            concurrency = 0;
        }
        if (concurrency < 1) {
            throw ApiException.badRequest("concurrency must be an integer from 1 to "
                    + Integer.MAX_VALUE + ", got '" + value + "'");
        }
        return concurrency;
    }
}
