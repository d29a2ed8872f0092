package dev.vespabench.cli;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import dev.vespabench.api.BackendDefaults;
import dev.vespabench.core.BenchmarkSettings;

/**
 * The URL and settings behind a result, for the JSON document and the HTML report.
 *
 * @param url the backend's base URL
 * @param settings the benchmark settings as given
 * @param defaults the backend's defaults, which fill the settings left unset
 * @param strategySettings the load strategy's settings, as {@code LoadStrategy.settings()}
 */
record ReportContext(String url, BenchmarkSettings settings, BackendDefaults defaults,
        Map<String, String> strategySettings) {

    ReportContext {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(defaults, "defaults");
        strategySettings = Collections.unmodifiableMap(new LinkedHashMap<>(strategySettings));
    }

    int runs() {
        return settings.runs().orElse(defaults.runs());
    }

    int concurrency() {
        return settings.concurrency().orElse(defaults.concurrency());
    }

    Duration requestTimeout() {
        Duration timeout = settings.requestTimeout();
        return timeout != null ? timeout : defaults.requestTimeout();
    }

    boolean warmup() {
        Boolean warmup = settings.warmup();
        return warmup != null ? warmup : defaults.warmup();
    }
}
