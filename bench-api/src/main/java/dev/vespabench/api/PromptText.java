package dev.vespabench.api;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The text of the text backends' prompts: a fixed system text followed by words drawn at
 * random, shared so that every text API receives prompts of the same size.
 *
 * <p>Random words keep the prompts of concurrent requests different, so a server's prefix
 * cache can reuse only the system text, as in the Python benchmarks vespa-bench replaces.
 * Backends outside this project may use it to send the same prompts.
 */
public final class PromptText {

    /**
     * The fixed instructions and context that open every prompt. It plays the part of the
     * Python benchmarks' system text (a short encyclopedia passage with an instruction to answer
     * from it) and has a similar length, but it is our own text.
     */
    public static final String SYSTEM_TEXT = """
            You are a helpful assistant. Use the reference passage below when you answer.

            Reference: A lighthouse is a tower that carries a bright lamp and a set of lenses \
            to guide ships along dangerous coasts at night. Many older towers used a Fresnel \
            lens, which stacks rings of glass so that the light leaves as one narrow beam that \
            sailors can see from far out at sea. Each lighthouse flashes its own pattern, so \
            a crew can tell which one it is looking at by comparing it with a chart.

            Answer the question that follows using the reference passage.""";

    /** The separator between the system text and the words in a single-string prompt. */
    public static final String SEPARATOR = "\n\n";

    private static final String WORDS_RESOURCE = "words.txt";

    // NOTE: the Python benchmarks drew from the NLTK "words" corpus (about 236,000 entries,
    // most of them rare), which a tokenizer splits into more tokens per word than the common
    // words listed here. The default 250 words therefore make a prompt of fewer tokens, so
    // prefill costs less than in the Python baseline. No measurement has compared the two.
    private static final List<String> WORDS = loadWords();

    private PromptText() {
    }

    /**
     * Draws words uniformly, with repeats, from the word list and joins them with spaces.
     *
     * @param random the request's random source, the only source of randomness used
     * @param count the number of words
     * @return the words
     */
    public static String randomWords(RandomGenerator random, int count) {
        StringBuilder text = new StringBuilder(count * 8);
        int[] words = drawWords(random, count);
        for (int i = 0; i < words.length; i++) {
            if (i > 0) {
                text.append(' ');
            }
            text.append(WORDS.get(words[i]));
        }
        return text.toString();
    }

    /**
     * Draws words as {@link #randomWords} does, from the same random draws, and returns their
     * indexes, for callers that write the words without building the text.
     *
     * @param random the request's random source, the only source of randomness used
     * @param count the number of words
     * @return the index of each word, for {@link #word}
     */
    public static int[] drawWords(RandomGenerator random, int count) {
        int[] words = new int[count];
        int size = WORDS.size();
        int i = 0;
        for (; i + 1 < count; i += 2) {
            long bits = random.nextLong();
            words[i] = scale(bits >>> 32, size);
            words[i + 1] = scale(bits & 0xFFFF_FFFFL, size);
        }
        if (i < count) {
            words[i] = scale(random.nextLong() >>> 32, size);
        }
        return words;
    }

    /**
     * Maps 32 random bits to an index below the size by multiplying and shifting, which needs
     * no division. The bias, at most size / 2^32, is far below what a prompt could show.
     */
    private static int scale(long bits, int size) {
        return (int) ((bits * size) >>> 32);
    }

    /**
     * Returns a word of the list.
     *
     * @param index an index from {@link #drawWords}, below {@link #vocabularySize()}
     * @return the word
     */
    public static String word(int index) {
        return WORDS.get(index);
    }

    /**
     * Returns a single-string prompt: the system text, {@link #SEPARATOR}, and random words.
     *
     * @param random the request's random source, the only source of randomness used
     * @param count the number of words
     * @return the prompt
     */
    public static String prompt(RandomGenerator random, int count) {
        return SYSTEM_TEXT + SEPARATOR + randomWords(random, count);
    }

    /**
     * Returns the number of distinct words that prompts are drawn from.
     *
     * @return the count
     */
    public static int vocabularySize() {
        return WORDS.size();
    }

    private static List<String> loadWords() {
        InputStream stream = PromptText.class.getResourceAsStream(WORDS_RESOURCE);
        if (stream == null) {
            throw new IllegalStateException("word list resource not found: "
                    + PromptText.class.getPackageName().replace('.', '/') + "/" + WORDS_RESOURCE);
        }
        List<String> words = new ArrayList<>();
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                String word = line.strip();
                if (!word.isEmpty() && !word.startsWith("#")) {
                    words.add(word);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("failed to read the word list " + WORDS_RESOURCE, e);
        }
        if (words.isEmpty()) {
            throw new IllegalStateException("word list " + WORDS_RESOURCE + " is empty");
        }
        return List.copyOf(words);
    }
}
