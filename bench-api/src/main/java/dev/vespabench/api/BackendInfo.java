package dev.vespabench.api;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * What a backend reports about the server and its own configuration.
 *
 * @param backend the provider name
 * @param model the model name sent or reported, or an empty string when the API has none or
 *        the model is not known, such as before the backend has asked the server
 * @param maxConcurrentRequests the server's published concurrency limit, if any
 * @param settings backend settings worth reporting, such as {@code max_tokens}
 * @param notes human-readable remarks, such as how the model name was chosen
 */
public record BackendInfo(String backend, String model, OptionalInt maxConcurrentRequests,
        Map<String, String> settings, List<String> notes) {

    /** Creates a description, copying the collections. */
    public BackendInfo {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(maxConcurrentRequests, "maxConcurrentRequests");
        settings = Map.copyOf(settings);
        notes = List.copyOf(notes);
    }
}
