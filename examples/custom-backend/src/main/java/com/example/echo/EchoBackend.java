package com.example.echo;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.vespabench.api.Backend;
import dev.vespabench.api.BackendDefaults;
import dev.vespabench.api.BackendInfo;
import dev.vespabench.api.BackendOptions;
import dev.vespabench.api.BodyReader;
import dev.vespabench.api.Call;
import dev.vespabench.api.FailureKind;
import dev.vespabench.api.HttpRequestSpec;
import dev.vespabench.api.HttpResponseData;
import dev.vespabench.api.Outcome;
import dev.vespabench.api.RequestContext;
import dev.vespabench.api.ResponseFormat;
import dev.vespabench.api.WorkloadSource;

/**
 * A backend for a JSON echo API: {@code POST /echo} with {@code {"text": "..."}} returns
 * {@code {"echo": "..."}}, and the workload of a request is the number of words echoed back.
 *
 * <p>Like every backend it only describes requests and reads responses: the engine sends
 * them, times them and counts failures.
 */
final class EchoBackend implements Backend {

    /** The option that sets the words per request, as {@code -o words=50}. */
    static final String WORDS = "words";

    private static final List<String> VOCABULARY = List.of("alpha", "bravo", "charlie",
            "delta", "echo", "foxtrot", "golf", "hotel");
    // Enough for this example's flat JSON; a real backend would use a JSON library.
    private static final Pattern ECHO = Pattern.compile("\"echo\"\\s*:\\s*\"([^\"]*)\"");

    private final int words;

    EchoBackend(int words) {
        this.words = words;
    }

    static int words(BackendOptions options) {
        return options.getInt(WORDS, null, 20, 1, 10_000);
    }

    @Override
    public BackendDefaults defaults() {
        return new BackendDefaults(3, 4, Duration.ofSeconds(30), true);
    }

    @Override
    public String healthPath() {
        return "/health";
    }

    @Override
    public BackendInfo info() {
        return new BackendInfo("echo", "", OptionalInt.empty(),
                Map.of(WORDS, Integer.toString(words)), List.of());
    }

    @Override
    public Call warmup(RequestContext context) {
        return call(context, 1);
    }

    @Override
    public Call request(RequestContext context) {
        return call(context, words);
    }

    private Call call(RequestContext context, int count) {
        StringJoiner text = new StringJoiner(" ");
        for (int i = 0; i < count; i++) {
            text.add(VOCABULARY.get(context.random().nextInt(VOCABULARY.size())));
        }
        String body = "{\"text\": \"" + text + "\"}";
        BodyReader reader = EchoBackend::read;
        return new Call(HttpRequestSpec.postJson("/echo", body, ResponseFormat.BODY), reader,
                count);
    }

    /** Reads the words echoed back; any other response is a failure with its cause. */
    static Outcome read(HttpResponseData response) {
        if (!response.isSuccess()) {
            return Outcome.failed(FailureKind.HTTP_STATUS, Integer.toString(response.status()),
                    "status " + response.status());
        }
        Matcher echo = ECHO.matcher(response.bodyText());
        if (!echo.find()) {
            return Outcome.failed(FailureKind.UNREADABLE_BODY, "no_echo",
                    "response has no \"echo\" string");
        }
        String text = echo.group(1).strip();
        int echoed = text.isEmpty() ? 0 : text.split("\\s+").length;
        return Outcome.completed(echoed, WorkloadSource.COUNTED);
    }
}
