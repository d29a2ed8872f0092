package dev.vespabench.cli;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;

/**
 * A console appender that erases the progress line before each log line and draws it again
 * after, so that logs and progress share standard error. Without a progress line it writes
 * exactly as {@link ConsoleAppender} does.
 */
public final class StatusLineAppender extends ConsoleAppender<ILoggingEvent> {

    /** Creates the appender; logback configures it from {@code logback.xml}. */
    public StatusLineAppender() {
    }

    @Override
    protected void subAppend(ILoggingEvent event) {
        StatusLine.aroundLog(() -> super.subAppend(event));
    }
}
