package dev.vespabench.sim;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A fault that the simulator injects into its generation routes: {@code /v1/completions},
 * {@code /v1/chat/completions}, {@code /generate} and {@code /generate_stream}.
 *
 * <p>The first seven kinds are drawn per request with the rates of {@link FaultConfig}. The
 * last two are not random: {@link #SLOW_START} delays the first requests, and
 * {@link #STARTUP_UNAVAILABLE} rejects every request during a start-up period.
 */
public enum Fault {
    /**
     * HTTP 500 with an error body in the protocol's shape, before the request takes a slot.
     * TGI bodies carry the {@code error_type} {@code incomplete_generation}, which TGI sends
     * with 500.
     */
    SERVER_ERROR(true),
    /**
     * HTTP 429 with {@code Retry-After} and an error body, before the request takes a slot.
     * TGI bodies carry the {@code error_type} {@code overloaded}.
     */
    RATE_LIMITED(true),
    /**
     * HTTP 503 with {@code Retry-After} and an error body, before the request takes a slot.
     * TGI bodies carry the {@code error_type} {@code unavailable}.
     */
    UNAVAILABLE(true),
    /**
     * A connection closed with a TCP reset in the middle of the response: after part of a
     * whole body, whose {@code Content-Length} promised more, or after some token events of a
     * stream. A whole response is generated in full first; a stream frees its slot when it is
     * cut.
     */
    CONNECTION_RESET(true),
    /**
     * HTTP 200 with JSON cut in half: the first half of a whole body, with a
     * {@code Content-Length} that matches what is sent, or one token event of a stream whose
     * data is cut in half.
     */
    TRUNCATED_JSON(true),
    /**
     * A request that is read and then gets no response. The connection stays open until the
     * client closes it or the server stops, and the request never takes a slot.
     */
    HANG(true),
    /**
     * A stream that ends cleanly, with its terminating chunk, before its final event: no usage
     * chunk and no {@code [DONE]} on the OpenAI routes, no event with {@code generated_text}
     * on TGI. The server closes the connection after it. Whole responses never get this fault.
     */
    TRUNCATED_STREAM(true),
    /** A request among the first ones after start-up, delayed to simulate lazy model loading. */
    SLOW_START(false),
    /** An HTTP 503 response on any route but {@code /sim/*} during the start-up period. */
    STARTUP_UNAVAILABLE(false);

    private final boolean perRequest;

    Fault(boolean perRequest) {
        this.perRequest = perRequest;
    }

    /** Returns whether the fault is drawn per request with a rate. */
    public boolean perRequest() {
        return perRequest;
    }

    /** Returns the name used in options and in {@code /sim/faults}, such as {@code hang}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Returns the faults drawn per request, in declaration order. */
    public static List<Fault> perRequestFaults() {
        return Arrays.stream(values()).filter(Fault::perRequest).collect(Collectors.toList());
    }

    /**
     * Returns the fault drawn per request with the given key.
     *
     * @param key a key such as {@code server-error}
     * @return the fault
     * @throws IllegalArgumentException listing the valid keys when none matches
     */
    public static Fault fromKey(String key) {
        for (Fault fault : values()) {
            if (fault.perRequest && fault.key().equals(key)) {
                return fault;
            }
        }
        throw new IllegalArgumentException("unknown fault '" + key + "'; valid faults: "
                + perRequestFaults().stream().map(Fault::key).collect(Collectors.joining(", ")));
    }
}
