package dev.vespabench.core;

import java.util.Objects;

/** A step of a benchmark as it happens, for progress displays and embedding services. */
public sealed interface BenchmarkEvent {

    /** The phases of a benchmark. */
    enum Phase {
        /** Polling the health path until the backend answers. */
        HEALTH,
        /** Asking the backend what it serves. */
        DISCOVERY,
        /** Sending the warm-up request. */
        WARMUP,
        /** Sending measured requests. */
        MEASURE
    }

    /**
     * A phase has started.
     *
     * @param phase the phase
     * @param detail a short description, such as the health URL
     */
    record PhaseStarted(Phase phase, String detail) implements BenchmarkEvent {

        /** Creates the event. */
        public PhaseStarted {
            Objects.requireNonNull(phase, "phase");
            Objects.requireNonNull(detail, "detail");
        }
    }

    /**
     * A run has finished.
     *
     * @param run the run
     */
    record RunFinished(RunResult run) implements BenchmarkEvent {

        /** Creates the event. */
        public RunFinished {
            Objects.requireNonNull(run, "run");
        }
    }

    /**
     * The benchmark has finished; always the last event.
     *
     * @param result the result
     */
    record Finished(BenchmarkResult result) implements BenchmarkEvent {

        /** Creates the event. */
        public Finished {
            Objects.requireNonNull(result, "result");
        }
    }
}
