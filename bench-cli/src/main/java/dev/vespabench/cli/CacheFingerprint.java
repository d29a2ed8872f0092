package dev.vespabench.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

import dev.vespabench.core.LoadStrategy;
import org.jspecify.annotations.Nullable;

/**
 * What produced a cached figure, as the {@code key=value} lines after the cache file's first
 * line. A cached figure is reused only when every setting in {@link #MATCHED} equals the
 * current one; the measured model and the tool version are recorded for people, not matched,
 * because an upgrade of vespa-bench does not change the backend's capacity.
 */
final class CacheFingerprint {

    /**
     * The backend setting that contains the SHA-256 digest of the ComfyUI workflow file. The
     * file's path alone does not show that its content changed, and it may come from an
     * environment variable rather than an option.
     */
    static final String WORKFLOW_SHA256 = "workflow_sha256";

    /**
     * The key of the retries of a request rejected as overloaded. Retries turn rejected
     * requests into completed ones and add their waits to the latency, so they change the
     * figure.
     */
    static final String RETRIES = "retries";

    /**
     * The keys compared before a cached figure is reused. A key recorded on one side only is a
     * difference. A backend without a workflow file records no {@value #WORKFLOW_SHA256}, and
     * a run without retries records no {@value #RETRIES}, so cache files written before those
     * keys existed still match.
     */
    static final Set<String> MATCHED = Set.of("backend", "url", "model_requested",
            "strategy", "strategy_settings", "options", "backend_settings", WORKFLOW_SHA256,
            RETRIES);

    private CacheFingerprint() {
    }

    /**
     * Creates the fingerprint of a run.
     *
     * @param backendSettings the backend's reported settings; {@value #WORKFLOW_SHA256} is
     *        recorded on its own line, when present
     * @param retries the retries of a request rejected as overloaded, recorded when above 0
     */
    static Map<String, String> of(String backend, String url, String modelRequested,
            LoadStrategy strategy, Map<String, String> options,
            Map<String, String> backendSettings, int retries) {
        Map<String, String> fingerprint = new LinkedHashMap<>();
        fingerprint.put("backend", backend);
        fingerprint.put("url", url);
        fingerprint.put("model_requested", modelRequested);
        fingerprint.put("strategy", strategy.name());
        fingerprint.put("strategy_settings", join(strategy.settings()));
        fingerprint.put("options", join(new TreeMap<>(options)));
        // The settings the backend resolved, from options, environment variables and defaults,
        // such as an image size taken from BENCHMARK_TEST_WIDTH, which options alone miss.
        Map<String, String> resolved = new TreeMap<>(backendSettings);
        resolved.remove(WORKFLOW_SHA256);
        fingerprint.put("backend_settings", join(resolved));
        String workflowDigest = backendSettings.get(WORKFLOW_SHA256);
        if (workflowDigest != null) {
            fingerprint.put(WORKFLOW_SHA256, workflowDigest);
        }
        if (retries > 0) {
            fingerprint.put(RETRIES, Integer.toString(retries));
        }
        return fingerprint;
    }

    private static String join(Map<String, String> values) {
        StringBuilder text = new StringBuilder();
        values.forEach((key, value) -> {
            if (text.length() > 0) {
                text.append(',');
            }
            text.append(key).append(':').append(value);
        });
        return text.toString();
    }

    /**
     * Lists the matched settings that differ, as {@code key: 'cached' -> 'current'}.
     *
     * @param cached the fingerprint from the cache file
     * @param current the fingerprint of this run
     * @return the differences, empty when the cached figure applies
     */
    static List<String> differences(Map<String, String> cached, Map<String, String> current) {
        Set<String> keys = new LinkedHashSet<>(current.keySet());
        keys.addAll(cached.keySet());
        List<String> differences = new ArrayList<>();
        for (String key : keys) {
            if (!MATCHED.contains(key)) {
                continue;
            }
            String before = cached.get(key);
            String now = current.get(key);
            if (!Objects.equals(before, now)) {
                differences.add(key + ": " + quoted(before) + " -> " + quoted(now));
            }
        }
        return differences;
    }

    private static String quoted(@Nullable String value) {
        return value == null ? "(not recorded)" : "'" + value + "'";
    }
}
