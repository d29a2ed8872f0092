package dev.vespabench.cli;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;

import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.terminal.spi.SystemStream;
import org.jline.terminal.spi.TerminalProvider;
import org.jline.utils.InfoCmp.Capability;
import org.jspecify.annotations.Nullable;

/**
 * One line of text at the bottom of a terminal that is redrawn in place. JLine finds the
 * terminal and its control sequences from terminfo, so no escape codes are written by hand.
 *
 * <p>Log lines go to the same terminal: {@link #aroundLog(Runnable)} erases the line, lets the
 * log line through and draws the line again below it, so neither garbles the other.
 */
final class StatusLine implements AutoCloseable {

    // Providers tried in order: native calls first, then the stty and test commands.
    private static final String[] PROVIDERS = {"jni", "exec"};
    private static final Object LOCK = new Object();
    private static @Nullable StatusLine active;

    private final Terminal terminal;
    private String text = "";
    private boolean closed;

    private StatusLine(Terminal terminal) {
        this.terminal = terminal;
    }

    /**
     * Opens a status line on the process's standard error when that is a terminal able to
     * return to the start of a line and clear it.
     *
     * @param environment the environment variables; {@code TERM=dumb} disables the line
     * @return the line, or empty when standard error is not such a terminal
     */
    static Optional<StatusLine> openOnStandardError(Map<String, String> environment) {
        if ("dumb".equals(environment.get("TERM")) || !standardErrorIsTerminal()) {
            return Optional.empty();
        }
        Terminal terminal;
        try {
            terminal = TerminalBuilder.builder()
                    .system(true)
                    .systemOutput(TerminalBuilder.SystemOutput.SysErr)
                    .providers(String.join(",", PROVIDERS))
                    // When detection fails, JLine returns a dumb terminal instead of throwing
                    // and printing a warning on standard error.
                    .dumb(true)
                    .build();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return usable(terminal);
    }

    /**
     * Creates a status line on a terminal, such as one that writes to a buffer in tests.
     *
     * @param terminal the terminal, closed with the line
     * @return the line, or empty when the terminal cannot redraw a line in place
     */
    static Optional<StatusLine> on(Terminal terminal) {
        return usable(terminal);
    }

    /**
     * Writes a log line through {@code write} without garbling the active status line.
     *
     * @param write the action that writes one complete log line to standard error
     */
    static void aroundLog(Runnable write) {
        synchronized (LOCK) {
            StatusLine line = active;
            if (line != null) {
                line.erase();
            }
            write.run();
            if (line != null) {
                line.draw();
            }
        }
    }

    /**
     * Replaces the text of the line, cut to the terminal's width so that it never wraps.
     *
     * @param value the new text, without line breaks
     */
    void show(String value) {
        synchronized (LOCK) {
            if (closed) {
                return;
            }
            text = value;
            active = this;
            draw();
        }
    }

    /** Erases the line and closes the terminal; log lines are then written unchanged. */
    @Override
    public void close() {
        synchronized (LOCK) {
            if (closed) {
                return;
            }
            erase();
            closed = true;
            if (active == this) {
                active = null;
            }
        }
        try {
            terminal.close();
        } catch (IOException e) {
            // Closing a system terminal only restores settings this class never changes.
        }
    }

    private void draw() {
        int width = terminal.getWidth();
        // The last column is left empty, because writing there makes some terminals wrap.
        int room = width > 1 ? width - 1 : 79;
        terminal.puts(Capability.carriage_return);
        terminal.writer().print(text.length() > room ? text.substring(0, room) : text);
        terminal.puts(Capability.clr_eol);
        terminal.flush();
    }

    private void erase() {
        terminal.puts(Capability.carriage_return);
        terminal.puts(Capability.clr_eol);
        terminal.flush();
    }

    private static Optional<StatusLine> usable(Terminal terminal) {
        boolean dumb = terminal.getType().startsWith(Terminal.TYPE_DUMB);
        boolean capable = terminal.getStringCapability(Capability.carriage_return) != null
                && terminal.getStringCapability(Capability.clr_eol) != null;
        if (dumb || !capable) {
            closeQuietly(terminal);
            return Optional.empty();
        }
        return Optional.of(new StatusLine(terminal));
    }

    private static boolean standardErrorIsTerminal() {
        for (String name : PROVIDERS) {
            try {
                if (TerminalProvider.load(name).isSystemStream(SystemStream.Error)) {
                    return true;
                }
            } catch (IOException | RuntimeException | LinkageError e) {
                // This provider is unavailable here, for example without its native library.
            }
        }
        return false;
    }

    private static void closeQuietly(Terminal terminal) {
        try {
            terminal.close();
        } catch (IOException e) {
            // Nothing was drawn on it.
        }
    }
}
