package dev.vespabench.sim;

import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.netty.handler.codec.http.HttpResponseStatus;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;

/**
 * The routes of ComfyUI and of the comfyui-json worker in front of it, served by one
 * {@link ImageEngine}.
 *
 * <p>ComfyUI's own API: {@code POST /prompt} checks the graph with {@link ComfyGraph}, queues a
 * job and returns its {@code prompt_id}. {@code GET /history/{prompt_id}} returns {@code {}}
 * until the job has ended and then its entry. {@code GET /prompt} returns the number of jobs
 * left, and {@code GET /system_stats} a description of the simulated device.
 * {@code POST /queue} with {@code {"delete": [prompt_id, ...]}} removes pending prompts and
 * with {@code {"clear": true}} every pending prompt, as ComfyUI does; running prompts stay.
 * {@code POST /interrupt} with {@code {"prompt_id"}} stops that prompt if it is running, and
 * without one stops every running job, as ComfyUI 0.3.60 and later do. A removed or stopped
 * prompt gets no history entry. The worker's
 * {@code POST /generate/sync} runs one job and responds when it ends, with the worker's
 * Result: status {@code completed} and HTTP 200, or status {@code failed} and HTTP 500 for a
 * workflow that ComfyUI would reject. A client that leaves frees its job's worker. The
 * worker's {@code GET /health} is the shared health route.
 */
final class ComfyRoutes {

    /** The number of ended jobs kept in the history, ComfyUI's {@code MAXIMUM_HISTORY_SIZE}. */
    static final int MAX_HISTORY = 10_000;

    /** The node id of the SaveImage node in the worker's Text2Image workflow. */
    static final String TEXT_TO_IMAGE_OUTPUT_NODE = "9";

    private static final Logger log = LoggerFactory.getLogger(ComfyRoutes.class);
    private static final byte[] EMPTY_BODY = new byte[0];
    private static final byte[] EMPTY_OBJECT = {'{', '}'};

    private final ImageEngine engine;
    private final AtomicLong promptNumber = new AtomicLong();
    private final AtomicLong fileNumber = new AtomicLong(1);
    /** The prompts of {@code POST /prompt} that have not ended, by {@code prompt_id}. */
    private final Map<String, ImageTask> openPrompts = new ConcurrentHashMap<>();
    private final AtomicLong cleanupRequests = new AtomicLong();
    private final Map<String, ObjectNode> history = Collections.synchronizedMap(
            new LinkedHashMap<>() {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<String, ObjectNode> eldest) {
                    return size() > MAX_HISTORY;
                }
            });

    ComfyRoutes(ImageEngine engine) {
        this.engine = engine;
    }

    void register(HttpServerRoutes routes) {
        routes.post("/generate/sync", this::generateSync)
                .post("/prompt", this::prompt)
                .get("/prompt", this::queue)
                .post("/queue", this::editQueue)
                .post("/interrupt", this::interrupt)
                .get("/history/{promptId}", this::history)
                .get("/system_stats", (request, response) -> HttpReplies.sendJson(response,
                        HttpResponseStatus.OK, ComfyResponses.systemStats()));
    }

    private Mono<Void> generateSync(HttpServerRequest request, HttpServerResponse response) {
        return body(request)
                .flatMap(body -> runWorkerJob(response, WorkerJobRequest.parse(body)))
                .onErrorResume(WorkerJobRequest.Invalid.class, e -> {
                    log.debug("Request rejected path=/generate/sync status={} message={}",
                            e.status().code(), e.getMessage());
                    return HttpReplies.sendJson(response, e.status(), e.body());
                });
    }

    private Mono<Void> runWorkerJob(HttpServerResponse response, WorkerJobRequest job) {
        String outputNode;
        if (job.workflow() != null) {
            try {
                outputNode = ComfyGraph.outputNodes(job.workflow()).get(0);
            } catch (ComfyError e) {
                return workerFailed(response, job.requestId(), "ComfyUI rejected the workflow: "
                        + e.getMessage() + " (" + e.type() + ")");
            }
        } else if (WorkerJobRequest.TEXT_TO_IMAGE.equals(job.modifier())) {
            outputNode = TEXT_TO_IMAGE_OUTPUT_NODE;
        } else {
            return workerFailed(response, job.requestId(),
                    "Unknown modifier '" + job.modifier() + "'");
        }

        ImageTask task;
        try {
            task = engine.submit(job.requestId());
        } catch (RejectedExecutionException e) {
            return workerFailed(response, job.requestId(), e.getMessage());
        }
        return Mono.fromFuture(task.finished(), true)
                .doOnCancel(() -> engine.cancel(task))
                .flatMap(done -> HttpReplies.sendJson(response, HttpResponseStatus.OK,
                        ComfyResponses.workerCompleted(job.requestId(), done, outputNode,
                                fileNumber.getAndIncrement())))
                .onErrorResume(RejectedExecutionException.class,
                        e -> workerFailed(response, job.requestId(), e.getMessage()));
    }

    private static Mono<Void> workerFailed(HttpServerResponse response, String requestId,
            String message) {
        log.debug("Worker job failed id={} message={}", requestId, message);
        return HttpReplies.sendJson(response, HttpResponseStatus.INTERNAL_SERVER_ERROR,
                ComfyResponses.workerFailed(requestId, message));
    }

    private Mono<Void> prompt(HttpServerRequest request, HttpServerResponse response) {
        return body(request)
                .flatMap(body -> {
                    JsonNode root = parse(body);
                    JsonNode graph = root.get("prompt");
                    if (graph == null) {
                        throw ComfyError.noPrompt();
                    }
                    List<String> outputs = ComfyGraph.outputNodes(graph);
                    String promptId = UUID.randomUUID().toString();
                    long number = promptNumber.getAndIncrement();
                    String clientId = root.path("client_id").asText("");
                    ImageTask task = engine.submit(promptId);
                    openPrompts.put(promptId, task);
                    task.finished().whenComplete((done, error) -> openPrompts.remove(promptId));
                    task.finished().thenAccept(done -> history.put(promptId,
                            ComfyResponses.historySuccess(promptId, number, graph, clientId,
                                    outputs, done, fileNumber.getAndAdd(outputs.size()))));
                    return HttpReplies.sendJson(response, HttpResponseStatus.OK,
                            ComfyResponses.promptAccepted(promptId, number));
                })
                .onErrorResume(ComfyError.class, e -> {
                    log.debug("Prompt rejected path=/prompt type={} message={}", e.type(),
                            e.getMessage());
                    return HttpReplies.sendJson(response, e.status(), e.body());
                })
                .onErrorResume(RejectedExecutionException.class, e -> HttpReplies.sendError(
                        response, ApiException.unavailable(e.getMessage())));
    }

    private Mono<Void> queue(HttpServerRequest request, HttpServerResponse response) {
        int remaining = engine.runningJobs() + engine.queuedJobs();
        return HttpReplies.sendJson(response, HttpResponseStatus.OK,
                ComfyResponses.queueInfo(remaining));
    }

    /** Returns the number of {@code POST /queue} and {@code POST /interrupt} requests. */
    long cleanupRequests() {
        return cleanupRequests.get();
    }

    private Mono<Void> editQueue(HttpServerRequest request, HttpServerResponse response) {
        cleanupRequests.incrementAndGet();
        return body(request).flatMap(body -> {
            JsonNode root = parseOrNull(body);
            if (root == null) {
                return HttpReplies.sendError(response,
                        ApiException.badRequest("the body of POST /queue must be a JSON object"));
            }
            if (root.path("clear").asBoolean(false)) {
                for (ImageTask task : engine.queuedTasks()) {
                    if (openPrompts.containsKey(task.id())) {
                        engine.cancelIf(task, ImageTask.State.QUEUED);
                    }
                }
            }
            for (JsonNode id : root.path("delete")) {
                ImageTask task = openPrompts.get(id.asText());
                if (task != null && engine.cancelIf(task, ImageTask.State.QUEUED)) {
                    log.debug("Prompt deleted from the queue id={}", task.id());
                }
            }
            return response.status(HttpResponseStatus.OK).send().then();
        });
    }

    private Mono<Void> interrupt(HttpServerRequest request, HttpServerResponse response) {
        cleanupRequests.incrementAndGet();
        return body(request).flatMap(body -> {
            JsonNode root = parseOrNull(body);
            String promptId = root == null ? "" : root.path("prompt_id").asText("");
            if (promptId.isEmpty()) {
                engine.runningTasks().forEach(
                        task -> engine.cancelIf(task, ImageTask.State.RUNNING));
                log.debug("Every running job interrupted");
            } else {
                ImageTask task = openPrompts.get(promptId);
                if (task != null && engine.cancelIf(task, ImageTask.State.RUNNING)) {
                    log.debug("Prompt interrupted id={}", promptId);
                }
            }
            return response.status(HttpResponseStatus.OK).send().then();
        });
    }

    private Mono<Void> history(HttpServerRequest request, HttpServerResponse response) {
        String promptId = request.param("promptId");
        ObjectNode entry = promptId == null ? null : history.get(promptId);
        if (entry == null) {
            return HttpReplies.sendJson(response, HttpResponseStatus.OK, EMPTY_OBJECT);
        }
        ObjectNode root = Json.object();
        root.set(promptId, entry);
        return HttpReplies.sendJson(response, HttpResponseStatus.OK, Json.bytes(root));
    }

    /**
     * Parses a {@code /prompt} body. NOTE: ComfyUI fails with HTTP 500 on a body that is not a
     * JSON object, while the simulator rejects it as {@code no_prompt} with HTTP 400.
     */
    private static JsonNode parse(byte[] body) {
        try {
            JsonNode root = Json.MAPPER.readTree(body);
            if (root != null && root.isObject()) {
                return root;
            }
        } catch (IOException e) {
            // Rejected below, like a body without a prompt.
        }
        throw ComfyError.noPrompt();
    }

    /** Parses a JSON object body, or returns null when the body is empty or not an object. */
    private static @Nullable JsonNode parseOrNull(byte[] body) {
        try {
            JsonNode root = Json.MAPPER.readTree(body);
            return root != null && root.isObject() ? root : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static Mono<byte[]> body(HttpServerRequest request) {
        return request.receive().aggregate().asByteArray().defaultIfEmpty(EMPTY_BODY);
    }
}
