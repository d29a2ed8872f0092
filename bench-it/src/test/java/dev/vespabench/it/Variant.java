package dev.vespabench.it;

import java.util.Map;

import dev.vespabench.api.Backend;
import dev.vespabench.api.BackendOptions;
import dev.vespabench.core.Backends;
import dev.vespabench.sim.Fault;

/**
 * A backend and response format under test, with the failure cause each injected fault must
 * be counted under.
 */
enum Variant {
    OPENAI("openai", false),
    OPENAI_STREAM("openai", true),
    CHAT("openai-chat", false),
    CHAT_STREAM("openai-chat", true),
    TGI("tgi", false),
    TGI_STREAM("tgi", true);

    private final String provider;
    private final boolean stream;

    Variant(String provider, boolean stream) {
        this.provider = provider;
        this.stream = stream;
    }

    boolean stream() {
        return stream;
    }

    boolean tgi() {
        return provider.equals("tgi");
    }

    /** Returns the provider name and format, such as {@code openai-chat stream}. */
    String label() {
        return provider + (stream ? " stream" : "");
    }

    /**
     * Creates the backend through the provider registry, with 20 prompt words and the given
     * tokens per request. The model name comes from the server's model listing.
     */
    Backend backend(int maxTokens) {
        String tokensOption = tgi() ? "max-new-tokens" : "max-tokens";
        BackendOptions options = new BackendOptions(Map.of(
                tokensOption, Integer.toString(maxTokens),
                "stream", Boolean.toString(stream),
                "prompt-words", "20"), Map.of());
        return Backends.load(Variant.class.getClassLoader()).find(provider).create(options);
    }

    /**
     * Returns the failure cause that the benchmark must report for a fault: a key of
     * {@code BenchmarkResult.failures()}, such as {@code http_status:500}. TGI's backend counts an
     * error body in TGI's shape by its {@code error_type}, whatever the status. A reset is
     * {@code connection} with a label that depends on when the client noticed it, so this
     * returns the kind only and callers match it as a prefix.
     */
    String cause(Fault fault) {
        return switch (fault) {
            case SERVER_ERROR -> tgi() ? "backend_error:incomplete_generation" : "http_status:500";
            case RATE_LIMITED -> tgi() ? "backend_error:overloaded" : "http_status:429";
            case UNAVAILABLE, STARTUP_UNAVAILABLE ->
                    tgi() ? "backend_error:unavailable" : "http_status:503";
            case CONNECTION_RESET -> "connection";
            case TRUNCATED_JSON -> "unreadable_body:invalid_json";
            case HANG -> "timeout";
            case TRUNCATED_STREAM -> "unreadable_body:truncated_stream";
            case SLOW_START -> "timeout";
        };
    }

    /**
     * Returns how a request that met the fault used its slot in the batching model, which
     * decides the throughput of the requests that survived.
     */
    SlotUse slotUse(Fault fault) {
        return switch (fault) {
            case CONNECTION_RESET, TRUNCATED_JSON -> stream ? SlotUse.PART : SlotUse.WHOLE;
            case TRUNCATED_STREAM -> SlotUse.PART;
            default -> SlotUse.NONE;
        };
    }

    /** How a failed request used its slot. */
    enum SlotUse {
        /** It never took a slot, so the survivors ran alone. */
        NONE,
        /** It held its slot for the whole generation, as a survivor did. */
        WHOLE,
        /** It left its slot part of the way through. */
        PART
    }
}
