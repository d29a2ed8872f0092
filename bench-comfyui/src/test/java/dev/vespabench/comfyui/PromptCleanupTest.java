package dev.vespabench.comfyui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.vespabench.api.HttpRequestSpec;
import dev.vespabench.api.ResponseFormat;
import dev.vespabench.testkit.Samples;

class PromptCleanupTest {

    private static final String PROMPT_ID = "3f1c2b9e-7a64-4d1e-9c0b-5e2a8f6d4b17";

    @Test
    void deleteComesBeforeInterrupt() {
        List<HttpRequestSpec> requests = PromptCleanup.requests(PROMPT_ID, true);

        assertThat(requests).hasSize(2);
        HttpRequestSpec delete = requests.get(0);
        assertThat(delete.method()).isEqualTo("POST");
        assertThat(delete.path()).isEqualTo("/queue");
        assertThat(delete.format()).isEqualTo(ResponseFormat.BODY);
        assertThat(body(delete)).isEqualTo("{\"delete\":[\"" + PROMPT_ID + "\"]}");
        HttpRequestSpec interrupt = requests.get(1);
        assertThat(interrupt.method()).isEqualTo("POST");
        assertThat(interrupt.path()).isEqualTo("/interrupt");
        assertThat(body(interrupt)).isEqualTo("{\"prompt_id\":\"" + PROMPT_ID + "\"}");
    }

    @Test
    void withoutInterruptOnlyDeletes() {
        List<HttpRequestSpec> requests = PromptCleanup.requests(PROMPT_ID, false);

        assertThat(requests).singleElement().satisfies(delete -> {
            assertThat(delete.path()).isEqualTo("/queue");
            assertThat(body(delete)).isEqualTo("{\"delete\":[\"" + PROMPT_ID + "\"]}");
        });
    }

    @ParameterizedTest
    @CsvSource({
        "0.3.60, true",
        "0.3.75, true",
        "v0.4.0, true",
        "0.8.1, true",
        "1.0, true",
        "0.3.59, false",
        "0.3.10, false",
        "0.2.99, false",
        "vespa-bench-sim, false",
        "2e4f1a9, false",
        "'', false",
    })
    void interruptNeedsRecentVersion(String version, boolean expected) {
        assertThat(PromptCleanup.interruptsByPromptId(version)).isEqualTo(expected);
    }

    @Test
    void versionComesFromSystemStats() {
        String body = "{\"system\": {\"os\": \"posix\", \"comfyui_version\": \"0.3.62\"},"
                + " \"devices\": []}";

        assertThat(PromptCleanup.serverVersion(Samples.responseOf(200, body)))
                .contains("0.3.62");
        assertThat(PromptCleanup.serverVersion(Samples.responseOf(200, "{\"system\": {}}")))
                .isEmpty();
        assertThat(PromptCleanup.serverVersion(Samples.responseOf(500, body))).isEmpty();
        assertThat(PromptCleanup.serverVersion(null)).isEmpty();
    }

    private static String body(HttpRequestSpec request) {
        return new String(request.body(), StandardCharsets.UTF_8);
    }
}
