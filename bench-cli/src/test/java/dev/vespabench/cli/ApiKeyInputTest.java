package dev.vespabench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Tests the checks of the API key from {@code --api-key-file} and {@code VESPA_API_KEY}. Each
 * bad key is a usage error that names the problem and never shows the key. No request is
 * sent, because the checks run before the benchmark.
 */
class ApiKeyInputTest {

    private static final String URL = "http://127.0.0.1:1";

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "sk-secret\\u0001xyz\\n | line 1: it contains a control character (U+0001) at"
                    + " character 10 of 13",
            "sk-secret xyz\\n       | line 1: it contains whitespace (U+0020) at character 10",
            "sk-secret\\txyz\\n     | line 1: it contains whitespace (U+0009) at character 10",
            "sk-secret\\u00e9xyz   | line 1: it contains a non-ASCII character (U+00E9)",
            "\\n\\nsk-secretxyz\\n  | line 1 is blank, but line 3 has text; the key must be on"
                    + " line 1",
            "\\n  \\n              | is empty; put the key on its first line",
    })
    void invalidKeyFileIsUsageError(String content, String message) throws Exception {
        Path file = dir.resolve("key");
        Files.writeString(file, unescape(content.strip()), StandardCharsets.UTF_8);

        CliRunner.Result result = CliRunner.run(Map.of(), "run", "openai", "--url", URL,
                "--api-key-file", file.toString());

        assertThat(result.status()).as(result.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("--api-key-file " + file);
        assertThat(result.err()).contains(message.strip());
        assertThat(result.err()).doesNotContain("secret");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void invalidKeyInEnvironmentIsUsageError() {
        CliRunner.Result result = CliRunner.run(Map.of("VESPA_API_KEY", "sk-secret xyz"), "run",
                "openai", "--url", URL);

        assertThat(result.status()).as(result.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("invalid API key in $VESPA_API_KEY: it contains"
                + " whitespace (U+0020) at character 10 of 13");
        assertThat(result.err()).doesNotContain("secret");
    }

    @Test
    void unreadableKeyFileIsUsageError() {
        Path missing = dir.resolve("missing");

        CliRunner.Result result = CliRunner.run(Map.of(), "run", "openai", "--url", URL,
                "--api-key-file", missing.toString());

        assertThat(result.status()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("--api-key-file " + missing
                + " could not be read (no such file or directory)");
    }

    private static String unescape(String text) {
        return text.replace("\\n", "\n").replace("\\t", "\t").replace("\\u0001", "\u0001")
                .replace("\\u00e9", "\u00e9");
    }
}
