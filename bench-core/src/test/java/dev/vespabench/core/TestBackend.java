package dev.vespabench.core;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.vespabench.api.Backend;
import dev.vespabench.api.BackendDefaults;
import dev.vespabench.api.BackendInfo;
import dev.vespabench.api.BackendOptions;
import dev.vespabench.api.BackendProvider;
import dev.vespabench.api.BodyReader;
import dev.vespabench.api.Call;
import dev.vespabench.api.EventDecoder;
import dev.vespabench.api.EventStreamReader;
import dev.vespabench.api.FailureKind;
import dev.vespabench.api.HttpRequestSpec;
import dev.vespabench.api.HttpResponseData;
import dev.vespabench.api.Outcome;
import dev.vespabench.api.RequestContext;
import dev.vespabench.api.ResponseFormat;
import dev.vespabench.api.ServerSentEvent;
import dev.vespabench.api.WorkloadSource;

/**
 * A minimal backend for engine tests: {@code POST /work} answers {@code {"work": N}}, and
 * {@code POST /stream} sends one event per token and a final {@code {"done": N}} event.
 */
public final class TestBackend implements Backend, BackendProvider {

    private static final Pattern WORK = Pattern.compile("\"work\"\\s*:\\s*(\\d+)");
    private static final Pattern DONE = Pattern.compile("\"done\"\\s*:\\s*(\\d+)");

    private final boolean streaming;
    private final OptionalInt limit;

    TestBackend(boolean streaming) {
        this(streaming, OptionalInt.empty());
    }

    TestBackend(boolean streaming, OptionalInt limit) {
        this.streaming = streaming;
        this.limit = limit;
    }

    /** Creates the provider instance ServiceLoader uses. */
    public TestBackend() {
        this(false);
    }

    @Override
    public String name() {
        return "test-work";
    }

    @Override
    public List<String> aliases() {
        return List.of("benchmarks.test:benchmark");
    }

    @Override
    public String description() {
        return "Engine test backend.";
    }

    @Override
    public Backend create(BackendOptions options) {
        return new TestBackend(options.get("stream", null).isPresent());
    }

    @Override
    public BackendDefaults defaults() {
        return new BackendDefaults(2, 4, Duration.ofSeconds(5), true);
    }

    @Override
    public String healthPath() {
        return "/health";
    }

    @Override
    public BackendInfo info() {
        return new BackendInfo("test-work", "", limit, Map.of(), List.of());
    }

    @Override
    public Call warmup(RequestContext context) {
        return request(context);
    }

    @Override
    public Call request(RequestContext context) {
        if (streaming) {
            return new Call(HttpRequestSpec.postJson("/stream", "{}", ResponseFormat.EVENT_STREAM),
                    new StreamReader(), 10);
        }
        BodyReader reader = TestBackend::read;
        return new Call(HttpRequestSpec.postJson("/work", "{\"id\":\"" + context.requestId()
                + "\"}", ResponseFormat.BODY), reader, 10);
    }

    private static Outcome read(HttpResponseData response) {
        if (!response.isSuccess()) {
            return Outcome.failed(FailureKind.HTTP_STATUS, Integer.toString(response.status()),
                    "status " + response.status());
        }
        Matcher matcher = WORK.matcher(new String(response.body(), StandardCharsets.UTF_8));
        if (!matcher.find()) {
            return Outcome.failed(FailureKind.UNREADABLE_BODY, "", "no work field");
        }
        return Outcome.completed(Double.parseDouble(matcher.group(1)), WorkloadSource.REPORTED);
    }

    private static final class StreamReader implements EventStreamReader {
        @Override
        public EventDecoder start() {
            return new EventDecoder() {
                private long counted;

                @Override
                public EventStep onEvent(ServerSentEvent event) {
                    Matcher matcher = DONE.matcher(event.data());
                    if (matcher.find()) {
                        return EventStep.end(Outcome.completed(
                                Double.parseDouble(matcher.group(1)), WorkloadSource.REPORTED));
                    }
                    counted++;
                    return EventStep.tokens(1);
                }

                @Override
                public Outcome onEnd() {
                    return Outcome.failed(FailureKind.UNREADABLE_BODY, "truncated",
                            "stream ended after " + counted + " tokens without its final event");
                }
            };
        }

        @Override
        public Outcome readError(HttpResponseData response) {
            return read(response);
        }
    }
}
