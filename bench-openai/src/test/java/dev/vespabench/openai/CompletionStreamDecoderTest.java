package dev.vespabench.openai;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.vespabench.api.EventDecoder;
import dev.vespabench.api.EventDecoder.EventStep;
import dev.vespabench.api.FailureKind;
import dev.vespabench.api.Outcome;
import dev.vespabench.api.ServerSentEvent;
import dev.vespabench.api.WorkloadSource;
import dev.vespabench.testkit.Samples;

class CompletionStreamDecoderTest {

    @ParameterizedTest
    @CsvSource({
        "CHAT,        vllm-chat-stream-usage.sse,          4, 8",
        "COMPLETIONS, vllm-completions-stream-usage.sse,   4, 5",
        "CHAT,        llamacpp-chat-stream-usage.sse,      4, 6",
        "CHAT,        ollama-chat-stream-legacy-usage.sse, 3, 6",
        "CHAT,        tgi-chat-stream-usage.sse,           4, 5",
        "COMPLETIONS, tgi-completions-stream.sse,          5, 5",
    })
    void streamWithUsageReportsUsage(Api api, String sample, int contentChunks, int usage) {
        Replay replay = replay(api, Samples.events(sample));

        assertThat(replay.tokens()).isEqualTo(contentChunks);
        assertThat(replay.terminal()).isEqualTo(Outcome.completed(usage, WorkloadSource.REPORTED));
        assertThat(replay.eventsAfterTerminal()).isZero();
    }

    @Test
    void streamWithoutUsageCountsContentChunks() {
        Replay replay = replay(Api.CHAT, Samples.events("ollama-chat-stream-no-usage.sse"));

        assertThat(replay.tokens()).isEqualTo(5);
        assertThat(replay.terminal()).isEqualTo(Outcome.completed(5, WorkloadSource.COUNTED));
    }

    @Test
    void streamEndingBeforeDoneFails() {
        List<ServerSentEvent> events = Samples.events("ollama-chat-stream-no-usage.sse");
        EventDecoder decoder = new CompletionStreamDecoder(Api.CHAT, 500);

        for (ServerSentEvent event : events.subList(0, events.size() - 1)) {
            assertThat(decoder.onEvent(event).terminal()).isNull();
        }
        Outcome outcome = decoder.onEnd();

        assertThat(outcome).isEqualTo(Outcome.failed(FailureKind.UNREADABLE_BODY,
                "truncated_stream", "stream ended before its final event [DONE]"
                        + " after 5 content chunks and no usage"));
    }

    @Test
    void usageWithoutDoneIsReported() {
        List<ServerSentEvent> events = Samples.events("vllm-chat-stream-usage.sse");
        EventDecoder decoder = new CompletionStreamDecoder(Api.CHAT, 500);

        for (ServerSentEvent event : events.subList(0, events.size() - 1)) {
            decoder.onEvent(event);
        }
        Outcome outcome = decoder.onEnd();

        assertThat(outcome).isEqualTo(Outcome.completed(8, WorkloadSource.REPORTED));
    }

    @Test
    void usageAboveMaxTokensFails() {
        EventDecoder decoder = new CompletionStreamDecoder(Api.CHAT, 5);

        for (ServerSentEvent event : Samples.events("vllm-chat-stream-usage.sse")) {
            Outcome outcome = decoder.onEvent(event).terminal();
            if (outcome != null) {
                assertThat(outcome).isEqualTo(Outcome.failed(FailureKind.UNREADABLE_BODY,
                        "implausible_usage", "usage.completion_tokens 8 exceeds the requested"
                                + " max_tokens 5; the server's token count cannot be trusted"));
                return;
            }
        }
        throw new AssertionError("the stream had no final event");
    }

    @Test
    void emptyStreamFails() {
        EventDecoder decoder = new CompletionStreamDecoder(Api.COMPLETIONS, 500);

        Outcome outcome = decoder.onEnd();

        assertThat(outcome).isInstanceOf(Outcome.Failed.class);
        assertThat(((Outcome.Failed) outcome).cause())
                .isEqualTo("unreadable_body:truncated_stream");
    }

    @Test
    void doneWithoutContentCountsZero() {
        EventDecoder decoder = new CompletionStreamDecoder(Api.CHAT, 500);

        EventStep step = decoder.onEvent(ServerSentEvent.ofData("[DONE]"));

        assertThat(step.terminal()).isEqualTo(Outcome.completed(0, WorkloadSource.COUNTED));
    }

    @Test
    void tgiErrorEventIsBackendError() {
        Replay replay = replay(Api.COMPLETIONS,
                Samples.events("tgi-generate-stream-error-overloaded.sse"));

        assertThat(replay.terminal()).isEqualTo(Outcome.failed(FailureKind.BACKEND_ERROR,
                "overloaded", "server reported an error: Model is overloaded"));
    }

    @Test
    void nestedErrorChunkIsBackendError() {
        String chunk = "{\"error\":{\"message\":\"KV cache is full\","
                + "\"type\":\"InternalServerError\",\"param\":null,\"code\":500}}";
        EventDecoder decoder = new CompletionStreamDecoder(Api.CHAT, 500);

        EventStep step = decoder.onEvent(ServerSentEvent.ofData(chunk));

        assertThat(step.terminal()).isEqualTo(Outcome.failed(FailureKind.BACKEND_ERROR,
                "InternalServerError", "server reported an error: KV cache is full"));
    }

    @Test
    void flatErrorChunkIsBackendError() {
        String chunk = "{\"object\":\"error\",\"message\":\"bad request\","
                + "\"type\":\"BadRequestError\"}";
        EventDecoder decoder = new CompletionStreamDecoder(Api.COMPLETIONS, 500);

        EventStep step = decoder.onEvent(ServerSentEvent.ofData(chunk));

        assertThat(step.terminal()).isEqualTo(Outcome.failed(FailureKind.BACKEND_ERROR,
                "BadRequestError", "server reported an error: bad request"));
    }

    @Test
    void errorEventTypeIsBackendError() {
        EventDecoder decoder = new CompletionStreamDecoder(Api.CHAT, 500);

        EventStep step = decoder.onEvent(new ServerSentEvent("error", "worker crashed", ""));

        assertThat(step.terminal()).isEqualTo(Outcome.failed(FailureKind.BACKEND_ERROR,
                "error", "server reported an error: worker crashed"));
    }

    @Test
    void invalidJsonChunkIsUnreadable() {
        EventDecoder decoder = new CompletionStreamDecoder(Api.CHAT, 500);

        EventStep step = decoder.onEvent(ServerSentEvent.ofData("{\"choices\":[{\"delta\":"));

        assertThat(step.terminal()).isInstanceOf(Outcome.Failed.class);
        assertThat(((Outcome.Failed) step.terminal()).cause())
                .isEqualTo("unreadable_body:invalid_json");
    }

    @Test
    void nonObjectChunkIsUnreadable() {
        EventDecoder decoder = new CompletionStreamDecoder(Api.CHAT, 500);

        EventStep step = decoder.onEvent(ServerSentEvent.ofData("42"));

        assertThat(step.terminal()).isEqualTo(Outcome.failed(FailureKind.UNREADABLE_BODY,
                "unexpected_json", "stream event is not a JSON object"));
    }

    @Test
    void blankDataCarriesNothing() {
        EventDecoder decoder = new CompletionStreamDecoder(Api.CHAT, 500);

        EventStep step = decoder.onEvent(ServerSentEvent.ofData("  "));

        assertThat(step).isEqualTo(EventStep.none());
    }

    @Test
    void reasoningChunkCountsOneToken() {
        String chunk = "{\"choices\":[{\"index\":0,\"delta\":{\"content\":null,"
                + "\"reasoning_content\":\"Let me think\"}}]}";
        EventDecoder decoder = new CompletionStreamDecoder(Api.CHAT, 500);

        EventStep step = decoder.onEvent(ServerSentEvent.ofData(chunk));

        assertThat(step.tokens()).isEqualTo(1);
        assertThat(step.terminal()).isNull();
    }

    @Test
    void chunkCountsEachChoiceWithText() {
        String chunk = "{\"choices\":[{\"index\":0,\"text\":\"a\"},{\"index\":1,\"text\":\"\"},"
                + "{\"index\":2,\"text\":\"b\",\"logprobs\":{\"tokens\":[\"b\"]}}]}";
        EventDecoder decoder = new CompletionStreamDecoder(Api.COMPLETIONS, 500);

        EventStep step = decoder.onEvent(ServerSentEvent.ofData(chunk));

        assertThat(step.tokens()).isEqualTo(2);
    }

    @Test
    void chatFieldIsIgnoredInCompletionsStream() {
        String chunk = "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"}}]}";
        EventDecoder decoder = new CompletionStreamDecoder(Api.COMPLETIONS, 500);

        EventStep step = decoder.onEvent(ServerSentEvent.ofData(chunk));

        assertThat(step.tokens()).isZero();
    }

    @Test
    void laterUsageReplacesEarlierUsage() {
        EventDecoder decoder = new CompletionStreamDecoder(Api.CHAT, 500);

        decoder.onEvent(ServerSentEvent.ofData("{\"choices\":[{\"delta\":{\"content\":\"a\"}}],"
                + "\"usage\":{\"completion_tokens\":1}}"));
        decoder.onEvent(ServerSentEvent.ofData("{\"choices\":[{\"delta\":{\"content\":\"b\"}}],"
                + "\"usage\":{\"completion_tokens\":2}}"));
        decoder.onEvent(ServerSentEvent.ofData("{\"choices\":[],\"usage\":null}"));
        EventStep done = decoder.onEvent(ServerSentEvent.ofData("[DONE]"));

        assertThat(done.terminal()).isEqualTo(Outcome.completed(2, WorkloadSource.REPORTED));
    }

    @Test
    void decodersKeepSeparateState() {
        CompletionStreamReader reader = new CompletionStreamReader(Api.CHAT, 500);
        EventDecoder first = reader.start();
        EventDecoder second = reader.start();

        first.onEvent(ServerSentEvent.ofData("{\"choices\":[{\"delta\":{\"content\":\"a\"}}]}"));
        EventStep done = second.onEvent(ServerSentEvent.ofData("[DONE]"));

        assertThat(done.terminal()).isEqualTo(Outcome.completed(0, WorkloadSource.COUNTED));
    }

    @Test
    void readErrorParsesErrorBody() {
        CompletionStreamReader reader = new CompletionStreamReader(Api.CHAT, 500);

        Outcome outcome = reader.readError(Samples.response(503, "ollama-error-busy.json"));

        assertThat(outcome).isEqualTo(Outcome.failed(FailureKind.HTTP_STATUS, "503",
                "HTTP 503: server busy, please try again. maximum pending requests exceeded"));
    }

    /** Feeds events to a new decoder as the engine does, stopping at the first terminal step. */
    private static Replay replay(Api api, List<ServerSentEvent> events) {
        EventDecoder decoder = new CompletionStreamReader(api, 500).start();
        List<Integer> tokens = new ArrayList<>();
        Outcome terminal = null;
        int index = 0;
        while (index < events.size() && terminal == null) {
            EventStep step = decoder.onEvent(events.get(index++));
            tokens.add(step.tokens());
            terminal = step.terminal();
        }
        if (terminal == null) {
            terminal = decoder.onEnd();
        }
        int total = tokens.stream().mapToInt(Integer::intValue).sum();
        return new Replay(total, terminal, events.size() - index);
    }

    private record Replay(int tokens, @Nullable Outcome terminal, int eventsAfterTerminal) {
    }
}
