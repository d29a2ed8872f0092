package dev.vespabench.tgi;

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
 * The text of benchmark prompts: a fixed system text, a blank line, and words drawn at random.
 *
 * <p>The system text and the word list are the same as those of the OpenAI backends in
 * {@code bench-openai}, so a TGI server receives prompts of the same size whichever API loads it.
 * Random words keep the prompts of concurrent requests different, so a prefix cache can reuse
 * only the system text.
 */
final class PromptText {

    /** The fixed instructions and passage that open every prompt. */
    static final String SYSTEM_TEXT = """
            You are a helpful assistant. Use the reference passage below when you answer.

            Reference: A lighthouse is a tower that carries a bright lamp and a set of lenses \
            to guide ships along dangerous coasts at night. Many older towers used a Fresnel \
            lens, which stacks rings of glass so that the light leaves as one narrow beam that \
            sailors can see from far out at sea. Each lighthouse flashes its own pattern, so \
            a crew can tell which one it is looking at by comparing it with a chart.

            Answer the question that follows using the reference passage.""";

    /** The separator between the system text and the random words. */
    static final String SEPARATOR = "\n\n";

    private static final String WORDS_RESOURCE = "words.txt";

    private static final List<String> WORDS = loadWords();

    private PromptText() {
    }

    /**
     * Builds a prompt of the system text and the given number of random words.
     *
     * @param random the request's random source, the only source of randomness used
     * @param words the number of words, drawn uniformly with repeats
     * @return the prompt
     */
    static String prompt(RandomGenerator random, int words) {
        StringBuilder text = new StringBuilder(SYSTEM_TEXT.length() + words * 8);
        text.append(SYSTEM_TEXT).append(SEPARATOR);
        for (int i = 0; i < words; i++) {
            if (i > 0) {
                text.append(' ');
            }
            text.append(WORDS.get(random.nextInt(WORDS.size())));
        }
        return text.toString();
    }

    /** Returns the number of distinct words that prompts are drawn from. */
    static int vocabularySize() {
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
