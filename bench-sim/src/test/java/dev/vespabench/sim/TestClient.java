package dev.vespabench.sim;

import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A JDK HTTP client for one simulated server, with a bounded wait on every request. */
final class TestClient {

    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final String baseUrl;

    TestClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    HttpResponse<String> get(String path) {
        return await(http.sendAsync(request(path).GET().build(),
                HttpResponse.BodyHandlers.ofString()));
    }

    HttpResponse<String> post(String path, String body) {
        return await(postAsync(path, body));
    }

    CompletableFuture<HttpResponse<String>> postAsync(String path, String body) {
        HttpRequest request = request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Sends a request and returns each line of the body with the nanoTime it arrived. */
    List<TimedLine> postLines(String path, String body) {
        HttpRequest request = request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        CompletableFuture<List<TimedLine>> lines = http
                .sendAsync(request, HttpResponse.BodyHandlers.ofLines())
                .thenApplyAsync(response -> readLines(response.body()));
        return await(lines);
    }

    private static List<TimedLine> readLines(Stream<String> body) {
        List<TimedLine> lines = new ArrayList<>();
        try (body) {
            body.forEach(line -> lines.add(new TimedLine(System.nanoTime(), line)));
        }
        return lines;
    }

    static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a response", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("request failed or timed out", e);
        }
    }

    static JsonNode json(String body) {
        try {
            return Json.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("response body is not JSON: " + body, e);
        }
    }

    /** Returns the JSON payloads of a server-sent event stream, without {@code [DONE]}. */
    static List<JsonNode> events(String body) {
        List<JsonNode> events = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (line.startsWith("data: ") && !line.equals("data: [DONE]")) {
                events.add(json(line.substring("data: ".length())));
            }
        }
        return events;
    }

    /** Returns a completion request body for the default model. */
    static String completionBody(int maxTokens, boolean stream, boolean includeUsage) {
        ObjectNode body = Json.object();
        body.put("model", SimulatorConfig.DEFAULT_MODEL_NAME);
        body.put("prompt", "Write a story about a benchmark");
        body.put("max_tokens", maxTokens);
        body.put("temperature", 0.7);
        addStream(body, stream, includeUsage);
        return Json.string(body);
    }

    /** Returns a chat completion request body with a system and a user message. */
    static String chatBody(int maxTokens, boolean stream, boolean includeUsage) {
        ObjectNode body = Json.object();
        body.put("model", SimulatorConfig.DEFAULT_MODEL_NAME);
        ArrayNode messages = body.putArray("messages");
        messages.addObject().put("role", "system").put("content", "You are terse.");
        messages.addObject().put("role", "user").put("content", "Tell me three things");
        body.put("max_tokens", maxTokens);
        addStream(body, stream, includeUsage);
        return Json.string(body);
    }

    private static void addStream(ObjectNode body, boolean stream, boolean includeUsage) {
        if (stream) {
            body.put("stream", true);
            body.putObject("stream_options").put("include_usage", includeUsage);
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(TIMEOUT);
    }

    /** One line of a response body and the {@link System#nanoTime()} when it arrived. */
    record TimedLine(long nanos, String text) {
    }
}
