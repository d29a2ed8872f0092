package dev.vespabench.openai;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

import dev.vespabench.api.PromptText;

/**
 * A request body that {@link RequestBodies#write} writes once, with a slot where each
 * request's random prompt words go, so that a request copies bytes instead of writing JSON.
 *
 * <p>A filled template has the bytes that {@link RequestBodies#write} returns for the same
 * words: JSON escapes each character of a string on its own, so the escaped words joined with
 * spaces equal the escaped joined words.
 */
final class BodyTemplate {

    // A JSON writer escapes the character NUL as a six-character escape. The words take the
    // place of its last occurrence, because only the model name, written before the prompt,
    // could contain another one.
    private static final String PLACEHOLDER = "\u0000";
    private static final byte[] ESCAPED_PLACEHOLDER =
            "\\u0000".getBytes(StandardCharsets.US_ASCII);

    /** The words as UTF-8 bytes escaped for a JSON string, by their index in the list. */
    private static final byte[][] JSON_WORDS = IntStream.range(0, PromptText.vocabularySize())
            .mapToObj(index -> JsonStringEncoder.getInstance().quoteAsUTF8(PromptText.word(index)))
            .toArray(byte[][]::new);

    private final byte[] prefix;
    private final byte[] suffix;

    private BodyTemplate(byte[] prefix, byte[] suffix) {
        this.prefix = prefix;
        this.suffix = suffix;
    }

    /**
     * Creates the template of the requests of one endpoint, model and {@code max_tokens}.
     *
     * @param api the endpoint
     * @param model the model name
     * @param maxTokens the {@code max_tokens} value
     * @param settings the temperature and streaming settings
     * @return the template
     */
    static BodyTemplate of(Api api, String model, int maxTokens, OpenAiSettings settings) {
        byte[] body = RequestBodies.write(api, model, PLACEHOLDER, maxTokens, settings);
        int slot = lastIndexOf(body, ESCAPED_PLACEHOLDER);
        if (slot < 0) {
            throw new IllegalStateException("request body has no slot for the prompt words");
        }
        return new BodyTemplate(Arrays.copyOfRange(body, 0, slot),
                Arrays.copyOfRange(body, slot + ESCAPED_PLACEHOLDER.length, body.length));
    }

    /**
     * Writes a body with words drawn as {@link PromptText#randomWords} draws them.
     *
     * @param random the request's random source
     * @param count the number of words
     * @return the body
     */
    byte[] fill(RandomGenerator random, int count) {
        int[] words = PromptText.drawWords(random, count);
        int size = prefix.length + suffix.length + Math.max(0, count - 1);
        for (int word : words) {
            size += JSON_WORDS[word].length;
        }

        byte[] body = new byte[size];
        System.arraycopy(prefix, 0, body, 0, prefix.length);
        int position = prefix.length;
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                body[position++] = ' ';
            }
            byte[] word = JSON_WORDS[words[i]];
            System.arraycopy(word, 0, body, position, word.length);
            position += word.length;
        }
        System.arraycopy(suffix, 0, body, position, suffix.length);
        return body;
    }

    private static int lastIndexOf(byte[] bytes, byte[] target) {
        for (int i = bytes.length - target.length; i >= 0; i--) {
            if (Arrays.equals(bytes, i, i + target.length, target, 0, target.length)) {
                return i;
            }
        }
        return -1;
    }
}
