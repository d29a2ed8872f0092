package dev.vespabench.comfyui;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.vespabench.api.HttpRequestSpec;
import dev.vespabench.api.HttpResponseData;
import dev.vespabench.api.ResponseFormat;
import org.jspecify.annotations.Nullable;

/**
 * The requests that remove a prompt from ComfyUI when its benchmark request ends unfinished,
 * because ComfyUI keeps running a queued prompt after its client has gone.
 *
 * <p>{@code POST /queue} with {@code {"delete": [prompt_id]}} removes the prompt while it is
 * pending and does nothing once it runs. {@code POST /interrupt} with {@code {"prompt_id"}}
 * stops the prompt while it runs and does nothing otherwise, but only in ComfyUI versions
 * that read the body: older versions ignore it and stop whatever prompt is running, which may
 * be another client's. So the interrupt is sent only to a version known to read it. The delete
 * goes first, so that a prompt that starts between the two requests is still interrupted.
 */
final class PromptCleanup {

    /**
     * The oldest ComfyUI version that the interrupt is sent to.
     *
     * <p>NOTE: ComfyUI's {@code post_interrupt} in {@code server.py} began to read
     * {@code prompt_id} in a change of August 2025. The first release that carries it was not
     * checked, so this bound is a later release of September 2025, and a few versions that
     * could be interrupted safely are not.
     */
    static final String MIN_INTERRUPT_VERSION = "0.3.60";

    private static final Pattern VERSION = Pattern.compile("^v?(\\d+)\\.(\\d+)(?:\\.(\\d+))?");

    private PromptCleanup() {
    }

    /**
     * Creates the clean-up requests of a prompt.
     *
     * @param promptId the {@code prompt_id} that {@code POST /prompt} returned
     * @param interrupt whether to send {@code POST /interrupt} after the delete
     * @return the requests, in the order they are to be sent
     */
    static List<HttpRequestSpec> requests(String promptId, boolean interrupt) {
        ObjectNode delete = Json.MAPPER.createObjectNode();
        delete.putArray("delete").add(promptId);
        HttpRequestSpec queue = post("/queue", delete);
        if (!interrupt) {
            return List.of(queue);
        }
        ObjectNode target = Json.MAPPER.createObjectNode();
        target.put("prompt_id", promptId);
        return List.of(queue, post("/interrupt", target));
    }

    /**
     * Returns the version in a {@code GET /system_stats} response, from
     * {@code system.comfyui_version}, which older versions do not send.
     *
     * @param response the response, or null when the request failed
     * @return the version, or empty when the response has none
     */
    static Optional<String> serverVersion(@Nullable HttpResponseData response) {
        if (response == null || !response.isSuccess()) {
            return Optional.empty();
        }
        JsonNode root = Json.parseObject(response.body());
        JsonNode version = root == null ? null : root.path("system").get("comfyui_version");
        if (version == null || !version.isTextual() || version.asText().isBlank()) {
            return Optional.empty();
        }
        return Optional.of(version.asText());
    }

    /**
     * Returns whether a ComfyUI version interrupts only the prompt that
     * {@code POST /interrupt} names: {@link #MIN_INTERRUPT_VERSION} or later. A version that
     * does not start with numbers, such as a commit hash, counts as older.
     *
     * @param version the version, such as {@code 0.3.62} or {@code v0.4.0}
     * @return true when the interrupt is safe to send
     */
    static boolean interruptsByPromptId(String version) {
        int[] parsed = parse(version);
        int[] minimum = parse(MIN_INTERRUPT_VERSION);
        if (parsed.length == 0) {
            return false;
        }
        for (int i = 0; i < minimum.length; i++) {
            if (parsed[i] != minimum[i]) {
                return parsed[i] > minimum[i];
            }
        }
        return true;
    }

    /** Returns major, minor and patch, or an empty array when the version is not numeric. */
    private static int[] parse(String version) {
        Matcher matcher = VERSION.matcher(version.trim());
        if (!matcher.find()) {
            return new int[0];
        }
        try {
            int patch = matcher.group(3) == null ? 0 : Integer.parseInt(matcher.group(3));
            return new int[] {Integer.parseInt(matcher.group(1)),
                    Integer.parseInt(matcher.group(2)), patch};
        } catch (NumberFormatException e) {
            // A component beyond int's range is no version ComfyUI has released.
            return new int[0];
        }
    }

    private static HttpRequestSpec post(String path, ObjectNode body) {
        return new HttpRequestSpec("POST", path, Map.of(), Json.write(body),
                ResponseFormat.BODY);
    }
}
