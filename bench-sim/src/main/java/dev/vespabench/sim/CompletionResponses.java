package dev.vespabench.sim;

import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Writes the response bodies of one completion request in the shapes vLLM sends: a whole JSON
 * response, or the server-sent events of a stream.
 *
 * <p>A stream sends one chunk per token, with the finish reason on the last token's chunk. A
 * chat stream first sends a chunk with the assistant role and empty content, as vLLM does. When
 * usage is reported, a chunk with {@code "choices":[]} and {@code usage} follows, and
 * {@code data: [DONE]} ends the stream.
 */
final class CompletionResponses {

    private static final String DONE_EVENT = "data: [DONE]\n\n";

    private final Endpoint endpoint;
    private final String id;
    private final long created;
    private final String model;
    private final int promptTokens;
    private final int completionTokens;
    private final String finishReason;
    private final boolean includeUsage;

    /**
     * Creates the writer of one response.
     *
     * @param request the validated request
     * @param model the served model name
     * @param completionTokens the number of tokens the response gets
     * @param includeUsage whether to report usage: in the whole response, or as the final
     *        chunk of a stream
     */
    CompletionResponses(CompletionRequest request, String model, int completionTokens,
            boolean includeUsage) {
        this.endpoint = request.endpoint();
        this.id = endpoint.idPrefix() + randomHex();
        this.created = System.currentTimeMillis() / 1000;
        this.model = model;
        this.promptTokens = request.promptTokens();
        this.completionTokens = completionTokens;
        // A response cut short of max_tokens simulates a model that emitted its end token.
        this.finishReason = completionTokens < request.maxTokens() ? "stop" : "length";
        this.includeUsage = includeUsage;
    }

    /** Returns the response id, for log lines. */
    String id() {
        return id;
    }

    /** Returns the whole non-streaming response as UTF-8 JSON. */
    byte[] response() {
        ObjectNode root = header(endpoint.responseObject());
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        String text = FillerText.text(completionTokens, endpoint == Endpoint.COMPLETIONS);
        if (endpoint == Endpoint.CHAT) {
            assistantMessage(choice.putObject("message"), text);
        } else {
            choice.put("text", text);
        }
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason);
        choice.putNull("stop_reason");

        if (endpoint == Endpoint.CHAT) {
            root.putNull("service_tier");
            root.putNull("system_fingerprint");
        }
        if (includeUsage) {
            usage(root).putNull("prompt_tokens_details");
        }
        root.putNull("prompt_logprobs");
        root.putNull("kv_transfer_params");
        return Json.bytes(root);
    }

    private static void assistantMessage(ObjectNode message, String text) {
        message.put("role", "assistant");
        message.put("content", text);
        message.putNull("refusal");
        message.putNull("annotations");
        message.putNull("audio");
        message.putNull("function_call");
        message.putArray("tool_calls");
        message.putNull("reasoning_content");
    }

    /**
     * Returns the server-sent events that follow the step which produced token number
     * {@code produced}, counted from 1. After the last token they include the usage chunk,
     * when usage is reported, and {@code [DONE]}.
     */
    String streamEvents(int produced) {
        StringBuilder events = new StringBuilder(512);
        if (endpoint == Endpoint.CHAT && produced == 1) {
            ObjectNode delta = Json.object();
            delta.put("role", "assistant");
            delta.put("content", "");
            appendEvent(events, chatChunk(delta, false));
        }
        boolean last = produced == completionTokens;
        String token = FillerText.token(produced - 1, endpoint == Endpoint.COMPLETIONS);
        if (endpoint == Endpoint.CHAT) {
            ObjectNode delta = Json.object();
            delta.put("content", token);
            appendEvent(events, chatChunk(delta, last));
        } else {
            appendEvent(events, textChunk(token, last));
        }
        if (last) {
            if (includeUsage) {
                ObjectNode chunk = header(endpoint.chunkObject());
                chunk.putArray("choices");
                usage(chunk);
                appendEvent(events, chunk);
            }
            events.append(DONE_EVENT);
        }
        return events.toString();
    }

    private ObjectNode chatChunk(ObjectNode delta, boolean last) {
        ObjectNode chunk = header(endpoint.chunkObject());
        ObjectNode choice = chunk.putArray("choices").addObject();
        choice.put("index", 0);
        choice.set("delta", delta);
        choice.putNull("logprobs");
        if (last) {
            choice.put("finish_reason", finishReason);
            choice.putNull("stop_reason");
        } else {
            choice.putNull("finish_reason");
        }
        return chunk;
    }

    private ObjectNode textChunk(String token, boolean last) {
        ObjectNode chunk = header(endpoint.chunkObject());
        ObjectNode choice = chunk.putArray("choices").addObject();
        choice.put("index", 0);
        choice.put("text", token);
        choice.putNull("logprobs");
        if (last) {
            choice.put("finish_reason", finishReason);
        } else {
            choice.putNull("finish_reason");
        }
        choice.putNull("stop_reason");
        return chunk;
    }

    private ObjectNode header(String object) {
        ObjectNode root = Json.object();
        root.put("id", id);
        root.put("object", object);
        root.put("created", created);
        root.put("model", model);
        return root;
    }

    private ObjectNode usage(ObjectNode parent) {
        ObjectNode usage = parent.putObject("usage");
        usage.put("prompt_tokens", promptTokens);
        usage.put("total_tokens", promptTokens + completionTokens);
        usage.put("completion_tokens", completionTokens);
        return usage;
    }

    /** Returns 32 random hexadecimal digits, the form of vLLM's response ids. */
    private static String randomHex() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return String.format("%016x%016x", random.nextLong(), random.nextLong());
    }

    private static void appendEvent(StringBuilder events, ObjectNode chunk) {
        events.append("data: ").append(Json.string(chunk)).append("\n\n");
    }
}
