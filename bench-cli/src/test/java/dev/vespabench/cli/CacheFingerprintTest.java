package dev.vespabench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.vespabench.core.FixedStrategy;
import org.junit.jupiter.api.Test;

class CacheFingerprintTest {

    private static final String DIGEST =
            "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    @Test
    void fingerprintRecordsWorkflowDigest() {
        Map<String, String> fingerprint = fingerprint(Map.of("workflow_sha256", DIGEST,
                "workload_per_job", "100.0"));

        assertThat(fingerprint).containsEntry("workflow_sha256", DIGEST);
        assertThat(fingerprint).containsEntry("backend_settings", "workload_per_job:100.0");
    }

    @Test
    void sameWorkflowDigestMatches() {
        Map<String, String> current = fingerprint(Map.of("workflow_sha256", DIGEST));

        assertThat(CacheFingerprint.differences(new LinkedHashMap<>(current), current)).isEmpty();
    }

    @Test
    void changedWorkflowDigestDiffers() {
        Map<String, String> cached = fingerprint(Map.of("workflow_sha256", "0".repeat(64)));
        Map<String, String> current = fingerprint(Map.of("workflow_sha256", DIGEST));

        assertThat(CacheFingerprint.differences(cached, current)).containsExactly(
                "workflow_sha256: '" + "0".repeat(64) + "' -> '" + DIGEST + "'");
    }

    @Test
    void digestOnOneSideOnlyDiffers() {
        Map<String, String> withDigest = fingerprint(Map.of("workflow_sha256", DIGEST));
        Map<String, String> without = fingerprint(Map.of());

        assertThat(CacheFingerprint.differences(without, withDigest)).containsExactly(
                "workflow_sha256: (not recorded) -> '" + DIGEST + "'");
        assertThat(CacheFingerprint.differences(withDigest, without)).containsExactly(
                "workflow_sha256: '" + DIGEST + "' -> (not recorded)");
    }

    @Test
    void changedResolvedSettingDiffers() {
        Map<String, String> cached = fingerprint(Map.of("width", "512", "height", "512"));
        Map<String, String> current = fingerprint(Map.of("width", "1024", "height", "512"));

        assertThat(CacheFingerprint.differences(cached, current)).containsExactly(
                "backend_settings: 'height:512,width:512' -> 'height:512,width:1024'");
    }

    @Test
    void backendWithoutWorkflowMatchesOlderCache() {
        Map<String, String> current = fingerprint(Map.of("max_tokens", "500"));
        Map<String, String> cached = new LinkedHashMap<>(current);
        cached.put("model", "served-model");
        cached.put("version", "0.0.1");

        assertThat(CacheFingerprint.differences(cached, current)).isEmpty();
    }

    @Test
    void changedRetriesDiffer() {
        Map<String, String> without = fingerprint(Map.of(), 0);
        Map<String, String> withRetries = fingerprint(Map.of(), 3);
        Map<String, String> moreRetries = fingerprint(Map.of(), 5);

        assertThat(without).doesNotContainKey("retries");
        assertThat(withRetries).containsEntry("retries", "3");
        assertThat(CacheFingerprint.differences(without, withRetries)).containsExactly(
                "retries: (not recorded) -> '3'");
        assertThat(CacheFingerprint.differences(withRetries, moreRetries)).containsExactly(
                "retries: '3' -> '5'");
        assertThat(CacheFingerprint.differences(withRetries, fingerprint(Map.of(), 3)))
                .isEmpty();
    }

    private static Map<String, String> fingerprint(Map<String, String> backendSettings) {
        return fingerprint(backendSettings, 0);
    }

    private static Map<String, String> fingerprint(Map<String, String> backendSettings,
            int retries) {
        return CacheFingerprint.of("comfyui", "http://127.0.0.1:8188", "", new FixedStrategy(3, 1),
                Map.of(), backendSettings, retries);
    }
}
