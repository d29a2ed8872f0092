package dev.vespabench.cli;

import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * The secrets of this process, such as the API key, and their removal from text that is
 * printed, logged or written to a file. A server may echo a rejected key in its error body,
 * which the tool would otherwise pass on in failure messages and notes.
 *
 * <p>The registry is static because Logback creates the log converters that read it.
 */
final class Secrets {

    /** The text that replaces a secret. */
    static final String MASK = "[redacted]";

    /**
     * The minimum length of a masked secret. Masking a shorter one would garble unrelated text
     * that happens to contain it.
     */
    static final int MIN_LENGTH = 8;

    private static final Set<String> FORMS = new CopyOnWriteArraySet<>();

    private Secrets() {
    }

    /**
     * Adds a secret, in the forms it takes as itself, in JSON strings and in HTML.
     *
     * @param secret the secret
     */
    static void register(String secret) {
        // NOTE: a key shorter than MIN_LENGTH is sent but not masked where a server echoes it.
        if (secret.length() < MIN_LENGTH) {
            return;
        }
        FORMS.add(secret);
        FORMS.add(secret.replace("\\", "\\\\").replace("\"", "\\\""));
        FORMS.add(Html.escape(secret));
    }

    /**
     * Replaces every registered secret in a text with {@link #MASK}.
     *
     * @param text the text
     * @return the text without secrets
     */
    static String redact(String text) {
        String result = text;
        for (String form : FORMS) {
            result = result.replace(form, MASK);
        }
        return result;
    }
}
