package dev.vespabench.comfyui;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import dev.vespabench.api.HttpResponseData;

/** Loads the response samples under {@code src/test/resources/samples}. */
final class Samples {

    private Samples() {
    }

    /** Returns the bytes of a sample file. */
    static byte[] bytes(String name) {
        try (InputStream stream = Samples.class.getResourceAsStream("/samples/" + name)) {
            if (stream == null) {
                throw new IllegalArgumentException("sample not found: " + name);
            }
            return stream.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("failed to read sample " + name, e);
        }
    }

    /** Returns a response with the given status and a sample file as its body. */
    static HttpResponseData response(int status, String name) {
        return new HttpResponseData(status, Map.of("content-type", "application/json"),
                bytes(name));
    }

    /** Returns a response with the given status and body text. */
    static HttpResponseData responseOf(int status, String body) {
        return new HttpResponseData(status, Map.of(), body.getBytes(StandardCharsets.UTF_8));
    }
}
