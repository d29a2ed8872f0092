package dev.vespabench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.junit.jupiter.api.Test;

class StatusLineTest {

    private static final String CLEAR_TO_END = "\u001b[K";

    private final ByteArrayOutputStream screen = new ByteArrayOutputStream();

    @Test
    void showRedrawsLineInPlace() throws Exception {
        StatusLine line = StatusLine.on(terminal("xterm", 40)).orElseThrow();

        line.show("first");
        line.show("second");
        line.close();

        assertThat(written()).isEqualTo("\rfirst" + CLEAR_TO_END + "\rsecond" + CLEAR_TO_END
                + "\r" + CLEAR_TO_END);
    }

    @Test
    void longTextIsCutToTerminalWidth() throws Exception {
        StatusLine line = StatusLine.on(terminal("xterm", 10)).orElseThrow();

        line.show("0123456789abcdef");
        line.close();

        assertThat(written()).startsWith("\r012345678" + CLEAR_TO_END);
    }

    @Test
    void logLineErasesAndRedrawsLine() throws Exception {
        StatusLine line = StatusLine.on(terminal("xterm", 40)).orElseThrow();
        line.show("progress");
        screen.reset();

        StatusLine.aroundLog(() -> screen.writeBytes("log line\n".getBytes(
                StandardCharsets.UTF_8)));
        line.close();
        StatusLine.aroundLog(() -> screen.writeBytes("after\n".getBytes(
                StandardCharsets.UTF_8)));

        assertThat(written()).isEqualTo("\r" + CLEAR_TO_END + "log line\n\rprogress"
                + CLEAR_TO_END + "\r" + CLEAR_TO_END + "after\n");
    }

    @Test
    void dumbTerminalIsRejected() throws Exception {
        assertThat(StatusLine.on(terminal(Terminal.TYPE_DUMB, 80))).isEmpty();
    }

    private Terminal terminal(String type, int columns) throws Exception {
        // The exec provider writes straight to the stream; the jni one pumps through a pty.
        Terminal terminal = TerminalBuilder.builder().system(false).provider("exec")
                .streams(new ByteArrayInputStream(new byte[0]), screen)
                .type(type).size(new Size(columns, 24)).build();
        // JLine queries the terminal's modes when it opens; only the status line's output
        // is under test.
        screen.reset();
        return terminal;
    }

    private String written() {
        return screen.toString(StandardCharsets.UTF_8);
    }
}
