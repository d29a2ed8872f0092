package dev.vespabench.api;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/** What a response tells about its request: done, failed, or a follow-up request is needed. */
public sealed interface Outcome permits Outcome.Completed, Outcome.Failed, Outcome.FollowUp {

    /**
     * Creates a completed outcome.
     *
     * @param workload the work done, in the backend's units
     * @param source where the figure comes from
     * @return the outcome
     */
    static Outcome completed(double workload, WorkloadSource source) {
        return new Completed(workload, source);
    }

    /**
     * Creates a failed outcome.
     *
     * @param kind the class of failure
     * @param label the value counted within the class, such as a status code or error type
     * @param message a sentence describing the failure, free of secrets
     * @return the outcome
     */
    static Outcome failed(FailureKind kind, String label, String message) {
        return new Failed(kind, label, message);
    }

    /**
     * A request that did its work.
     *
     * @param workload the work done, in the backend's units
     * @param source where the figure comes from
     */
    record Completed(double workload, WorkloadSource source) implements Outcome {

        /** Creates the outcome, checking the workload. */
        public Completed {
            Objects.requireNonNull(source, "source");
            if (!(workload >= 0) || Double.isInfinite(workload)) {
                throw new IllegalArgumentException(
                        "workload must be a finite number >= 0, got " + workload);
            }
        }
    }

    /**
     * A request that failed.
     *
     * @param kind the class of failure
     * @param label the value counted within the class, such as {@code 503} or {@code overloaded}
     * @param message a sentence describing the failure, free of secrets
     */
    record Failed(FailureKind kind, String label, String message) implements Outcome {

        /** Creates the outcome. */
        public Failed {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(message, "message");
        }

        /**
         * Returns the key failures are counted by, such as {@code http_status:503}.
         *
         * @return the key
         */
        public String cause() {
            return label.isEmpty() ? kind.key() : kind.key() + ":" + label;
        }
    }

    /**
     * A request whose work is not finished yet, such as a queued image job to poll.
     *
     * <p>The clean-up requests undo the work that the server keeps doing for the request, such
     * as removing a queued job. The engine remembers the clean-up of the latest follow-up, which
     * replaces any earlier one, and sends its requests once, in order, when the request then
     * ends without {@link Completed}: a time limit, a cancellation, a transport error or a
     * {@link Failed} outcome, and never after {@link Completed}. It sends them in the
     * background, each within a short time limit, and only logs their responses.
     *
     * @param next the call to make
     * @param delay how long to wait before making it
     * @param cleanup the requests that remove the server's work for the request, or an empty
     *        list for none
     */
    record FollowUp(Call next, Duration delay, List<HttpRequestSpec> cleanup) implements Outcome {

        /** Creates the outcome, copying the clean-up requests. */
        public FollowUp {
            Objects.requireNonNull(next, "next");
            Objects.requireNonNull(delay, "delay");
            if (delay.isNegative()) {
                throw new IllegalArgumentException("delay must not be negative, got " + delay);
            }
            cleanup = List.copyOf(cleanup);
        }

        /**
         * Creates an outcome without clean-up requests.
         *
         * @param next the call to make
         * @param delay how long to wait before making it
         */
        public FollowUp(Call next, Duration delay) {
            this(next, delay, List.of());
        }
    }
}
