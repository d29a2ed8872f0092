package dev.vespabench.tgi;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;

/** Writes the JSON bodies of {@code /generate} and {@code /generate_stream} requests. */
final class RequestBodies {

    private RequestBodies() {
    }

    /**
     * Writes {@code {"inputs": ..., "parameters": {"max_new_tokens": ..., "temperature": ...,
     * "details": true}}} as UTF-8 JSON. Both endpoints take the same body.
     *
     * @param inputs the prompt
     * @param maxNewTokens the {@code max_new_tokens} value
     * @param temperature the temperature, written as given
     * @return the body
     */
    static byte[] write(String inputs, int maxNewTokens, BigDecimal temperature) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(inputs.length() + 128);
        try (JsonGenerator json = Json.FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            json.writeStartObject();
            json.writeStringField("inputs", inputs);
            json.writeObjectFieldStart("parameters");
            json.writeNumberField("max_new_tokens", maxNewTokens);
            json.writeNumberField("temperature", temperature);
            // With details, TGI reports generated_tokens, the exact count of generated tokens.
            json.writeBooleanField("details", true);
            json.writeEndObject();
            json.writeEndObject();
        } catch (IOException e) {
            // A generator that writes to memory has no I/O that can fail.
            throw new UncheckedIOException("failed to write a request body", e);
        }
        return out.toByteArray();
    }
}
