package dev.vespabench.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.vespabench.core.internal.FileErrors;
import org.jspecify.annotations.Nullable;

/**
 * Reads the API key of {@code run} from a file or the environment and checks that it can be
 * sent as a bearer token. Error messages name where the key came from and what is wrong with
 * it, but never contain the key.
 */
final class ApiKeys {

    /** The environment variable that contains the key when no file is named. */
    static final String VARIABLE = "VESPA_API_KEY";

    /** The largest key file read; a key is far shorter, so a larger file is the wrong one. */
    private static final long MAX_FILE_BYTES = 64 * 1024;

    private ApiKeys() {
    }

    /**
     * Reads the key from the first line of a file, or else from {@value #VARIABLE}.
     *
     * @param file the file named by {@code --api-key-file}, or null
     * @param environment the environment variables
     * @return the key, or empty when neither source has one
     * @throws UsageException when the file cannot be read or the key is invalid
     */
    static Optional<String> read(@Nullable Path file, Map<String, String> environment) {
        if (file != null) {
            return Optional.of(fromFile(file));
        }
        String value = environment.get(VARIABLE);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(check(value.strip(), "$" + VARIABLE));
    }

    private static String fromFile(Path file) {
        String source = "--api-key-file " + file;
        String text;
        if (Files.isDirectory(file)) {
            throw new UsageException(source + " is a directory; name the file that contains"
                    + " the key");
        }
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new UsageException(source + " is larger than " + MAX_FILE_BYTES
                        + " bytes, so it is not a key file; name the file that contains the key");
            }
            byte[] bytes = Files.readAllBytes(file);
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new UsageException(source + " is not UTF-8 text; save the key as plain text");
        } catch (IOException e) {
            throw new UsageException(source + " could not be read (" + FileErrors.describe(e)
                    + "); name a readable file that contains the key");
        }
        // Editors on Windows may start a UTF-8 file with a byte order mark.
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }

        List<String> lines = text.lines().toList();
        if (lines.isEmpty() || lines.get(0).isBlank()) {
            for (int i = 1; i < lines.size(); i++) {
                if (!lines.get(i).isBlank()) {
                    throw new UsageException(source + ": line 1 is blank, but line " + (i + 1)
                            + " has text; the key must be on line 1");
                }
            }
            throw new UsageException(source + " is empty; put the key on its first line");
        }
        return check(lines.get(0).strip(), source + " line 1");
    }

    /**
     * Checks that a key has only printable ASCII characters other than the space. Real keys
     * are such tokens, and other characters do not survive as an HTTP header value.
     */
    private static String check(String key, String source) {
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c >= '!' && c <= '~') {
                continue;
            }
            String code = String.format(Locale.ROOT, "U+%04X", (int) c);
            String problem;
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                problem = "whitespace (" + code + ")";
            } else if (Character.isISOControl(c)) {
                problem = "a control character (" + code + ")";
            } else {
                problem = "a non-ASCII character (" + code + ")";
            }
            throw new UsageException("invalid API key in " + source + ": it contains " + problem
                    + " at character " + (i + 1) + " of " + key.length()
                    + "; a key is one word of printable ASCII characters");
        }
        return key;
    }
}
