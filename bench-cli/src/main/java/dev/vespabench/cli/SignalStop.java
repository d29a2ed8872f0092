package dev.vespabench.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Sinks;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Turns SIGINT and SIGTERM during {@code run} into the engine's stop signal, so that the tool
 * prints the partial result and exits with {@link ExitCodes#PARTIAL}.
 *
 * <p>The handlers are installed with {@code sun.misc.Signal} (module {@code jdk.unsupported})
 * and not as a shutdown hook. A shutdown hook runs only after the JVM has begun to exit. By
 * then the exit status is already 128 plus the signal's number, and a {@code System.exit}
 * from the main thread would block forever, so the main thread could not finish its normal
 * path. A signal handler replaces the JVM's default action instead. The JVM keeps running,
 * and the main thread prints the result, writes the files and returns its own status.
 *
 * <p>After the first signal the main thread has {@link #GRACE} to finish. Past that time, or
 * at a second signal, or at a signal before measurement starts, the process halts at once
 * with 128 plus the signal's number, as the JVM's default action would. When the benchmark
 * stops before any run has finished, there is no partial result, and the command exits with
 * that same status through {@link #reportNoResult()}.
 *
 * <p>NOTE: with {@code -Xrs}, or when the parent process left SIGINT ignored (as shells do
 * for background jobs without job control), the JVM does not let these handlers replace its
 * own, and the signal keeps its default effect.
 */
final class SignalStop implements AutoCloseable {

    /** How long the main thread may take after a signal to print the result and write files. */
    static final Duration GRACE = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger("dev.vespabench.cli");
    private static final String[] SIGNALS = {"INT", "TERM"};

    private final Sinks.Empty<Void> stop = Sinks.empty();
    private final AtomicReference<Signal> received = new AtomicReference<>();
    private final Map<Signal, SignalHandler> previous = new LinkedHashMap<>();
    private final PrintWriter err;
    private volatile boolean measuring;
    private volatile boolean finished;

    private SignalStop(PrintWriter err) {
        this.err = err;
    }

    /**
     * Installs handlers of SIGINT and SIGTERM until {@link #close()}.
     *
     * @param err the writer of the messages printed before the process halts
     * @return the installed handlers
     */
    static SignalStop install(PrintWriter err) {
        SignalStop handlers = new SignalStop(err);
        for (String name : SIGNALS) {
            Signal signal = new Signal(name);
            try {
                handlers.previous.put(signal, Signal.handle(signal, handlers::handle));
            } catch (IllegalArgumentException e) {
                log.debug("SIG{} keeps the JVM's handler: {}", name, e.getMessage());
            }
        }
        return handlers;
    }

    /**
     * Creates handlers that are never installed, for runs inside another program such as a
     * test.
     *
     * @return a stop signal that never fires
     */
    static SignalStop none() {
        return new SignalStop(new PrintWriter(PrintWriter.nullWriter()));
    }

    /**
     * Returns the engine's stop signal, which completes at the first signal. It replays that
     * completion to a late subscriber.
     *
     * @return the signal
     */
    Publisher<Void> signal() {
        return stop.asMono();
    }

    /** Marks the start of measurement, from which a signal stops the benchmark. */
    void measuring() {
        measuring = true;
    }

    /** Marks the end of output, so that the grace period no longer applies. */
    void finished() {
        finished = true;
    }

    /**
     * Prints that a signal stopped the benchmark before any run finished, and returns the exit
     * status of that signal, 128 plus its number.
     *
     * @return 130 for SIGINT, 143 for SIGTERM
     * @throws IllegalStateException when no signal was received
     */
    int reportNoResult() {
        Signal signal = received.get();
        if (signal == null) {
            throw new IllegalStateException("no signal was received");
        }
        err.println("error: received SIG" + signal.getName() + " before any run finished;"
                + " exiting without a result");
        err.flush();
        return 128 + signal.getNumber();
    }

    @Override
    public void close() {
        previous.forEach((signal, handler) -> {
            try {
                Signal.handle(signal, handler);
            } catch (IllegalArgumentException e) {
                log.debug("SIG{} handler not restored: {}", signal.getName(), e.getMessage());
            }
        });
    }

    /** Runs on a thread of its own that the JVM starts for each signal. */
    private void handle(Signal signal) {
        String name = "SIG" + signal.getName();
        int status = 128 + signal.getNumber();
        if (!received.compareAndSet(null, signal)) {
            halt(status, "received " + name + " again; exiting at once without a result");
            return;
        }
        if (!measuring) {
            halt(status, "received " + name + " before measuring; exiting without a result");
            return;
        }
        log.warn("received {}; stopping the benchmark to print the runs that finished as a"
                + " partial result, which is not cached (send {} again to exit at once)", name,
                name);
        stop.tryEmitEmpty();
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(GRACE.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            if (!finished) {
                halt(status, "the partial result was not written within " + GRACE.toSeconds()
                        + " s of " + name + "; exiting without it");
            }
        }, "vespa-bench-stop-grace");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    private void halt(int status, String message) {
        err.println("error: " + message);
        err.flush();
        Runtime.getRuntime().halt(status);
    }
}
