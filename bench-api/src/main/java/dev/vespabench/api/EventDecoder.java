package dev.vespabench.api;

import org.jspecify.annotations.Nullable;

/** The state of one event stream being read; not shared between streams. */
public interface EventDecoder {

    /**
     * Reads one event.
     *
     * @param event the event
     * @return the output tokens the event carries, or a terminal outcome
     */
    EventStep onEvent(ServerSentEvent event);

    /**
     * Returns the outcome once the stream has ended without a terminal step.
     *
     * @return the outcome; a stream that ended before its final event yields a failure
     */
    Outcome onEnd();

    /**
     * The result of reading one event.
     *
     * @param tokens output tokens carried by the event, 0 for keep-alives and usage chunks
     * @param terminal the outcome when the event ends the stream, else null
     */
    record EventStep(int tokens, @Nullable Outcome terminal) {

        private static final EventStep NONE = new EventStep(0, null);

        /** Creates a step, checking that the token count is not negative. */
        public EventStep {
            if (tokens < 0) {
                throw new IllegalArgumentException("tokens must be >= 0, got " + tokens);
            }
        }

        /**
         * Returns a step that carries no tokens.
         *
         * @return the step
         */
        public static EventStep none() {
            return NONE;
        }

        /**
         * Returns a step that carries tokens.
         *
         * @param tokens the token count
         * @return the step
         */
        public static EventStep tokens(int tokens) {
            return tokens == 0 ? NONE : new EventStep(tokens, null);
        }

        /**
         * Returns a step that ends the stream.
         *
         * @param outcome the outcome
         * @return the step
         */
        public static EventStep end(Outcome outcome) {
            return new EventStep(0, outcome);
        }
    }
}
