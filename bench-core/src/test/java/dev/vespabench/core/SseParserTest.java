package dev.vespabench.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import dev.vespabench.api.ServerSentEvent;
import dev.vespabench.core.internal.SseParser;
import org.junit.jupiter.api.Test;

class SseParserTest {

    private final List<ServerSentEvent> events = new ArrayList<>();
    private final SseParser parser = new SseParser(events::add);

    @Test
    void dataWithAndWithoutSpaceIsTheSame() {
        parser.feed(bytes("data:{\"a\":1}\n\ndata: {\"a\":2}\n\n"));

        assertThat(events).extracting(ServerSentEvent::data).containsExactly("{\"a\":1}", "{\"a\":2}");
    }

    @Test
    void commentsAndKeepAlivesAreSkipped() {
        parser.feed(bytes(":keep-alive\n\n: ping\n\ndata: x\n\n"));

        assertThat(events).extracting(ServerSentEvent::data).containsExactly("x");
    }

    @Test
    void eventSplitAcrossChunksIsJoined() {
        byte[] all = bytes("event: token\r\ndata: first\r\ndata: second\r\n\r\ndata: é\n\n");

        for (byte b : all) {
            parser.feed(new byte[] {b});
        }

        assertThat(events).hasSize(2);
        assertThat(events.get(0).event()).isEqualTo("token");
        assertThat(events.get(0).data()).isEqualTo("first\nsecond");
        assertThat(events.get(1).data()).isEqualTo("é");
    }

    @Test
    void finishDispatchesEventWithoutBlankLine() {
        parser.feed(bytes("data: [DONE]"));

        parser.finish();

        assertThat(events).extracting(ServerSentEvent::data).containsExactly("[DONE]");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
