package dev.vespabench.sim;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

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
 * model predicts with {@code C} requests in flight and for a burst of {@code C} requests, and
 * the image jobs per second that the image engine predicts. With {@code &max_tokens=L} it also
 * returns the burst's makespan for requests of that {@code max_tokens}.
 */
final class ControlRoutes {

    private final StepCost cost;
    private final OptionalInt maxOutputTokens;
    private final ImageConfig images;

    ControlRoutes(StepCost cost, OptionalInt maxOutputTokens, ImageConfig images) {
        this.cost = cost;
        this.maxOutputTokens = maxOutputTokens;
        this.images = images;
    }

    void register(HttpServerRoutes routes) {
        routes.get("/health", (request, response) -> response.status(HttpResponseStatus.OK).send())
                .get("/sim/analytic", this::analytic);
    }

    private Mono<Void> analytic(HttpServerRequest request, HttpServerResponse response) {
        Map<String, List<String>> parameters = new QueryStringDecoder(request.uri()).parameters();
        int concurrency;
        OptionalInt maxTokens;
        try {
            concurrency = positiveParameter(parameters, "concurrency")
                    .orElseThrow(() -> ApiException.badRequest("the concurrency query parameter"
                            + " is missing, as in /sim/analytic?concurrency=8"));
            maxTokens = positiveParameter(parameters, "max_tokens");
        } catch (ApiException e) {
            return HttpReplies.sendError(response, e);
        }

        ObjectNode body = Json.object();
        body.put("concurrency", concurrency);
        body.put("tokens_per_second", cost.throughput(concurrency));
        body.put("burst_tokens_per_second", cost.burstThroughput(concurrency));
        if (maxTokens.isPresent()) {
            int length = Math.min(maxTokens.getAsInt(), maxOutputTokens.orElse(Integer.MAX_VALUE));
            body.put("max_tokens", maxTokens.getAsInt());
            body.put("burst_ms", cost.burstNanos(concurrency, length) / 1e6);
        }
        body.put("capacity_tokens_per_second", cost.capacity());
        body.put("slots", cost.slots());
        body.put("base_step_ms", cost.baseMillis());
        body.put("per_sequence_step_ms", cost.perSequenceMillis());
        body.put("image_jobs_per_second", images.analyticJobsPerSecond(concurrency));
        body.put("image_workers", images.workers());
        body.put("image_job_ms", images.jobMillis());
        return HttpReplies.sendJson(response, HttpResponseStatus.OK, Json.bytes(body));
    }

    /** Returns a query parameter that must be a whole number from 1, or empty when absent. */
    private static OptionalInt positiveParameter(Map<String, List<String>> parameters,
            String name) {
        List<String> values = parameters.get(name);
        if (values == null || values.isEmpty()) {
            return OptionalInt.empty();
        }
        String value = values.get(0);
        int number;
        try {
            number = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            number = 0;
        }
        if (number < 1) {
            throw ApiException.badRequest(name + " must be an integer from 1 to "
                    + Integer.MAX_VALUE + ", got '" + value + "'");
        }
        return OptionalInt.of(number);
    }
}
