package dev.vespabench.sim;

/**
 * Generated text of one word per token. The words carry no meaning, but they make a response
 * look like text and let a client count tokens by words.
 */
final class FillerText {

    private static final String[] WORDS = {
        "the", "model", "writes", "one", "word", "for", "each", "token", "it", "decodes",
        "while", "a", "batch", "of", "requests", "shares", "every", "step", "on", "this",
        "simulated", "server", "and", "its", "throughput", "follows", "from", "slots", "time",
        "per", "sequence", "so",
    };

    private FillerText() {
    }

    /**
     * Returns the text of the token at {@code index}, counted from 0: a word with a leading
     * space, except at index 0 when {@code spaceFirst} is false.
     */
    static String token(int index, boolean spaceFirst) {
        String word = WORDS[index % WORDS.length];
        return index == 0 && !spaceFirst ? word : " " + word;
    }

    /** Returns the text of the first {@code count} tokens. */
    static String text(int count, boolean spaceFirst) {
        StringBuilder text = new StringBuilder(count * 8);
        for (int i = 0; i < count; i++) {
            text.append(token(i, spaceFirst));
        }
        return text.toString();
    }

    /**
     * Returns an estimate of the tokens in a text: its number of whitespace-separated words.
     * Real tokenizers split text into more tokens than words.
     */
    static int countWords(String text) {
        int words = 0;
        boolean inWord = false;
        for (int i = 0; i < text.length(); i++) {
            boolean space = Character.isWhitespace(text.charAt(i));
            if (!space && !inWord) {
                words++;
            }
            inWord = !space;
        }
        return words;
    }
}
