package dev.vespabench.sim;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Writes the response bodies of one TGI generation in the shapes TGI 3.x sends: the whole
 * {@code /generate} response, or the server-sent events of {@code /generate_stream}.
 *
 * <p>A response shorter than {@code max_new_tokens} simulates a model that emitted its
 * end-of-sequence token: its last token is the special token {@code </s>}, which counts in
 * {@code generated_tokens} but not in {@code generated_text}, and the finish reason is
 * {@code eos_token} instead of {@code length}.
 */
final class TgiResponses {

    private static final int END_OF_SEQUENCE_ID = 2;
    private static final String END_OF_SEQUENCE_TEXT = "</s>";
    // Token ids of the filler words start above the ids that tokenizers give special tokens.
    private static final int FIRST_WORD_ID = 1000;

    private final TgiRequest request;
    private final int tokens;
    private final boolean details;
    private final boolean stoppedEarly;

    /**
     * Creates the writer of one response.
     *
     * @param request the validated request
     * @param tokens the number of tokens the response gets, from 1 to {@code max_new_tokens}
     * @param details whether to report {@code details}: the request asked for them and the
     *        simulator is configured to report them
     */
    TgiResponses(TgiRequest request, int tokens, boolean details) {
        this.request = request;
        this.tokens = tokens;
        this.details = details;
        this.stoppedEarly = tokens < request.maxNewTokens();
    }

    /** Returns the whole {@code /generate} response as UTF-8 JSON. */
    byte[] response() {
        ObjectNode root = Json.object();
        root.put("generated_text", generatedText());
        if (details) {
            ObjectNode object = root.putObject("details");
            object.put("finish_reason", finishReason());
            object.put("generated_tokens", tokens);
            object.putNull("seed");
            object.putArray("prefill");
            ArrayNode list = object.putArray("tokens");
            for (int index = 0; index < tokens; index++) {
                list.add(token(index));
            }
        }
        return Json.bytes(root);
    }

    /**
     * Returns the server-sent event of token number {@code produced}, counted from 1. The last
     * token's event also carries {@code generated_text}, and {@code details} when they are
     * reported, and ends the stream.
     */
    String streamEvent(int produced) {
        ObjectNode root = Json.object();
        root.put("index", produced);
        root.set("token", token(produced - 1));
        if (produced < tokens) {
            root.putNull("generated_text");
            root.putNull("details");
            return event(root);
        }
        root.put("generated_text", generatedText());
        if (details) {
            ObjectNode object = root.putObject("details");
            object.put("finish_reason", finishReason());
            object.put("generated_tokens", tokens);
            object.putNull("seed");
            object.put("input_length", request.inputTokens());
        } else {
            root.putNull("details");
        }
        return event(root);
    }

    /** Formats one server-sent event as TGI does, with no space after {@code data:}. */
    static String event(ObjectNode data) {
        return "data:" + Json.string(data) + "\n\n";
    }

    private ObjectNode token(int index) {
        ObjectNode token = Json.object();
        boolean special = stoppedEarly && index == tokens - 1;
        token.put("id", special ? END_OF_SEQUENCE_ID : FIRST_WORD_ID + index);
        token.put("text", special ? END_OF_SEQUENCE_TEXT : FillerText.token(index, true));
        token.put("logprob", -0.5);
        token.put("special", special);
        return token;
    }

    private String generatedText() {
        // TGI leaves special tokens out of the text.
        return FillerText.text(stoppedEarly ? tokens - 1 : tokens, true);
    }

    private String finishReason() {
        return stoppedEarly ? "eos_token" : "length";
    }
}
