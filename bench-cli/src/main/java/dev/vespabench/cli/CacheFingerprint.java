package dev.vespabench.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import dev.vespabench.core.LoadStrategy;

/**
 * What produced a cached figure, as the {@code key=value} lines after the cache file's first
 * line. A cached figure is reused only when every setting in {@link #MATCHED} equals the
 * current one; the measured model and the tool version are recorded for people, not matched,
 * because an upgrade of vespa-bench does not change the backend's capacity.
 */
final class CacheFingerprint {

    /** The keys compared before a cached figure is reused. */
    static final Set<String> MATCHED = Set.of("backend", "url", "model_requested",
            "strategy", "strategy_settings", "options");

    private CacheFingerprint() {
    }

    static Map<String, String> of(String backend, String url, String modelRequested,
            LoadStrategy strategy, Map<String, String> options) {
        Map<String, String> fingerprint = new LinkedHashMap<>();
        fingerprint.put("backend", backend);
        fingerprint.put("url", url);
        fingerprint.put("model_requested", modelRequested);
        fingerprint.put("strategy", strategy.name());
        fingerprint.put("strategy_settings", join(strategy.settings()));
        fingerprint.put("options", join(new TreeMap<>(options)));
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
        List<String> differences = new ArrayList<>();
        for (Map.Entry<String, String> entry : current.entrySet()) {
            if (!MATCHED.contains(entry.getKey())) {
                continue;
            }
            String before = cached.get(entry.getKey());
            if (!entry.getValue().equals(before)) {
                differences.add(entry.getKey() + ": " + (before == null ? "(not recorded)"
                        : "'" + before + "'") + " -> '" + entry.getValue() + "'");
            }
        }
        return differences;
    }
}
