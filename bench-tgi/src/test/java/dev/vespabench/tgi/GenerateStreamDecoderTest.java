package dev.vespabench.tgi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.vespabench.api.EventDecoder;
import dev.vespabench.api.EventDecoder.EventStep;
import dev.vespabench.api.FailureKind;
import dev.vespabench.api.Outcome;
import dev.vespabench.api.ServerSentEvent;
import dev.vespabench.api.WorkloadSource;
import dev.vespabench.testkit.Samples;

class GenerateStreamDecoderTest {

    private static final String TOKEN_EVENT = "{\"index\":%d,\"token\":{\"id\":1,\"text\":\"a\","
            + "\"logprob\":-0.1,\"special\":false},\"generated_text\":null,\"details\":null}";

    @Test
    void finalEventReportsGeneratedTokens() {
        Replay replay = replay(Samples.events("tgi-generate-stream.sse"));

        assertThat(replay.tokensPerEvent()).containsExactly(1, 1, 1, 1, 1);
        assertThat(replay.terminal()).isEqualTo(Outcome.completed(5, WorkloadSource.REPORTED));
        assertThat(replay.eventsAfterTerminal()).isZero();
    }

    @Test
    void countAboveMaxNewTokensFails() {
        EventDecoder decoder = new GenerateStreamDecoder(4);
        Outcome outcome = null;

        for (ServerSentEvent event : Samples.events("tgi-generate-stream.sse")) {
            outcome = decoder.onEvent(event).terminal();
        }

        assertThat(outcome).isEqualTo(Outcome.failed(FailureKind.UNREADABLE_BODY,
                "implausible_usage", "details.generated_tokens 5 exceeds the requested"
                        + " max_new_tokens 4; the server's token count cannot be trusted"));
    }

    @Test
    void keepAliveCommentIsNoEvent() {
        List<ServerSentEvent> events = Samples.events("tgi-generate-stream.sse");

        assertThat(events).hasSize(5);
        assertThat(events.get(0).data()).startsWith("{\"index\":1,");
    }

    @Test
    void finalEventWithoutDetailsCountsTokens() {
        List<ServerSentEvent> events = List.of(token(1), token(2), ServerSentEvent.ofData(
                "{\"index\":3,\"token\":{\"id\":2,\"text\":\"</s>\",\"logprob\":-0.2,"
                        + "\"special\":true},\"generated_text\":\"a a\",\"details\":null}"));

        Replay replay = replay(events);

        assertThat(replay.tokensPerEvent()).containsExactly(1, 1, 1);
        assertThat(replay.terminal()).isEqualTo(Outcome.completed(3, WorkloadSource.COUNTED));
    }

    @Test
    void reportedCountWinsOverCountedTokens() {
        List<ServerSentEvent> events = List.of(token(1), ServerSentEvent.ofData(
                "{\"index\":2,\"token\":{\"id\":2,\"text\":\".\",\"logprob\":-0.2,"
                        + "\"special\":false},\"generated_text\":\"a.\",\"details\":"
                        + "{\"finish_reason\":\"length\",\"generated_tokens\":7,\"seed\":null}}"));

        Replay replay = replay(events);

        assertThat(replay.terminal()).isEqualTo(Outcome.completed(7, WorkloadSource.REPORTED));
    }

    @Test
    void overloadedEventIsBackendError() {
        Replay replay = replay(Samples.events("tgi-generate-stream-error-overloaded.sse"));

        assertThat(replay.tokensPerEvent()).containsExactly(0);
        assertThat(replay.terminal()).isEqualTo(Outcome.failed(FailureKind.BACKEND_ERROR,
                "overloaded", "server reported an error: Model is overloaded"));
    }

    @Test
    void errorAfterTokensIsBackendError() {
        List<ServerSentEvent> events = List.of(token(1), token(2), ServerSentEvent.ofData(
                "{\"error\":\"Request failed during generation: shard lost\","
                        + "\"error_type\":\"generation\"}"), token(3));

        Replay replay = replay(events);

        assertThat(replay.tokensPerEvent()).containsExactly(1, 1, 0);
        assertThat(replay.eventsAfterTerminal()).isEqualTo(1);
        assertThat(replay.terminal()).isEqualTo(Outcome.failed(FailureKind.BACKEND_ERROR,
                "generation", "server reported an error: Request failed during generation:"
                        + " shard lost"));
    }

    @Test
    void streamEndingBeforeFinalEventFails() {
        List<ServerSentEvent> events = Samples.events("tgi-generate-stream.sse");
        EventDecoder decoder = new GenerateStreamDecoder(256);

        for (ServerSentEvent event : events.subList(0, events.size() - 1)) {
            assertThat(decoder.onEvent(event).terminal()).isNull();
        }
        Outcome outcome = decoder.onEnd();

        assertThat(outcome).isEqualTo(Outcome.failed(FailureKind.UNREADABLE_BODY,
                "truncated_stream", "stream ended before its final event after 4 tokens"));
    }

    @Test
    void emptyStreamFails() {
        Outcome outcome = new GenerateStreamDecoder(256).onEnd();

        assertThat(outcome).isEqualTo(Outcome.failed(FailureKind.UNREADABLE_BODY,
                "truncated_stream", "stream ended before its final event after 0 tokens"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"token\":", "[DONE]", "{\"token\":{}} {}"})
    void invalidJsonEventIsUnreadable(String data) {
        EventStep step = new GenerateStreamDecoder(256).onEvent(ServerSentEvent.ofData(data));

        assertThat(step.terminal()).isInstanceOf(Outcome.Failed.class);
        assertThat(((Outcome.Failed) step.terminal()).cause())
                .isEqualTo("unreadable_body:invalid_json");
    }

    @Test
    void nonObjectEventIsUnreadable() {
        EventStep step = new GenerateStreamDecoder(256).onEvent(ServerSentEvent.ofData("42"));

        assertThat(step.terminal()).isEqualTo(Outcome.failed(FailureKind.UNREADABLE_BODY,
                "unexpected_json", "stream event is not a JSON object"));
    }

    @Test
    void invalidDetailsEndStreamUnreadable() {
        EventStep step = new GenerateStreamDecoder(256).onEvent(ServerSentEvent.ofData(
                "{\"token\":{\"id\":1},\"generated_text\":\"a\","
                        + "\"details\":{\"generated_tokens\":\"many\"}}"));

        assertThat(step.tokens()).isEqualTo(1);
        assertThat(step.terminal()).isEqualTo(Outcome.failed(FailureKind.UNREADABLE_BODY,
                "unexpected_json",
                "details.generated_tokens is not a whole number >= 0: \"many\""));
    }

    @Test
    void blankDataCarriesNothing() {
        EventStep step = new GenerateStreamDecoder(256).onEvent(ServerSentEvent.ofData(" "));

        assertThat(step).isEqualTo(EventStep.none());
    }

    @Test
    void eventWithoutTokenCarriesNothing() {
        EventStep step = new GenerateStreamDecoder(256).onEvent(
                ServerSentEvent.ofData("{\"generated_text\":null,\"details\":null}"));

        assertThat(step).isEqualTo(EventStep.none());
    }

    @Test
    void decodersKeepSeparateState() {
        GenerateStreamReader reader = new GenerateStreamReader(256);
        EventDecoder first = reader.start();
        EventDecoder second = reader.start();

        first.onEvent(token(1));
        first.onEvent(token(2));
        second.onEvent(token(1));

        assertThat(second.onEnd()).isEqualTo(Outcome.failed(FailureKind.UNREADABLE_BODY,
                "truncated_stream", "stream ended before its final event after 1 token"));
    }

    @Test
    void readErrorCountsErrorType() {
        Outcome outcome = new GenerateStreamReader(256)
                .readError(Samples.response(429, "tgi-error-overloaded.json"));

        assertThat(outcome).isEqualTo(Outcome.failed(FailureKind.BACKEND_ERROR, "overloaded",
                "server reported an error with HTTP 429: Model is overloaded"));
    }

    @Test
    void readErrorKeepsOtherStatus() {
        Outcome outcome = new GenerateStreamReader(256)
                .readError(Samples.responseOf(502, "Bad Gateway"));

        assertThat(outcome).isEqualTo(
                Outcome.failed(FailureKind.HTTP_STATUS, "502", "HTTP 502: Bad Gateway"));
    }

    private static ServerSentEvent token(int index) {
        return ServerSentEvent.ofData(String.format(TOKEN_EVENT, index));
    }

    /** Feeds events to a new decoder as the engine does, stopping at the first terminal step. */
    private static Replay replay(List<ServerSentEvent> events) {
        EventDecoder decoder = new GenerateStreamReader(256).start();
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
        return new Replay(tokens, terminal, events.size() - index);
    }

    private record Replay(List<Integer> tokensPerEvent, @Nullable Outcome terminal,
            int eventsAfterTerminal) {
    }
}
