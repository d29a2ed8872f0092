package dev.vespabench.openai;

import java.util.Map;

import dev.vespabench.api.Backend;
import dev.vespabench.api.BackendOptions;
import dev.vespabench.core.Backends;
import dev.vespabench.sim.SimulatorConfig;
import dev.vespabench.testkit.BackendContractTest;
import org.junit.jupiter.api.Nested;

/**
 * Holds the {@code openai} and {@code openai-chat} backends to the backend contract, with whole
 * responses and with streams.
 */
class OpenAiContractTest {

    private static Backend backend(String provider, boolean stream) {
        BackendOptions options = new BackendOptions(Map.of(
                "max-tokens", "20", "stream", Boolean.toString(stream)), Map.of());
        return Backends.load(OpenAiContractTest.class.getClassLoader()).find(provider)
                .create(options);
    }

    @Nested
    class Completions extends TextContract {

        @Override
        protected Backend createBackend() {
            return backend("openai", false);
        }

        @Override
        protected boolean streams() {
            return false;
        }
    }

    @Nested
    class CompletionsStream extends TextContract {

        @Override
        protected Backend createBackend() {
            return backend("openai", true);
        }

        @Override
        protected boolean streams() {
            return true;
        }
    }

    @Nested
    class Chat extends TextContract {

        @Override
        protected Backend createBackend() {
            return backend("openai-chat", false);
        }

        @Override
        protected boolean streams() {
            return false;
        }
    }

    @Nested
    class ChatStream extends TextContract {

        @Override
        protected Backend createBackend() {
            return backend("openai-chat", true);
        }

        @Override
        protected boolean streams() {
            return true;
        }
    }

    /** The contract on the simulator's OpenAI-compatible routes, which send no error events. */
    abstract static class TextContract extends BackendContractTest {

        @Override
        protected SimulatorConfig simulator() {
            return SimulatorConfig.defaults();
        }
    }
}
