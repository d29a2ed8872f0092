package dev.vespabench.openai;

import dev.vespabench.api.PromptText;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;

/** Writes the JSON bodies of completion and chat completion requests. */
final class RequestBodies {

    private RequestBodies() {
    }

    /**
     * Writes a request body as UTF-8 JSON.
     *
     * <p>Completions send the system text and the words as one {@code prompt}, separated by
     * {@link PromptText#SEPARATOR}. Chat completions send them as a system message and a user
     * message. A streaming request also requests a final usage chunk.
     *
     * @param api the endpoint
     * @param model the model name
     * @param words the random words of the prompt
     * @param maxTokens the {@code max_tokens} value
     * @param settings the temperature and streaming settings
     * @return the body
     */
    static byte[] write(Api api, String model, String words, int maxTokens,
            OpenAiSettings settings) {
        ByteArrayOutputStream out =
                new ByteArrayOutputStream(PromptText.SYSTEM_TEXT.length() + words.length() + 256);
        try (JsonGenerator json = Json.FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            json.writeStartObject();
            json.writeStringField("model", model);
            switch (api) {
                case COMPLETIONS -> json.writeStringField("prompt",
                        PromptText.SYSTEM_TEXT + PromptText.SEPARATOR + words);
                case CHAT -> writeMessages(json, words);
            }
            json.writeNumberField("max_tokens", maxTokens);
            json.writeNumberField("temperature", settings.temperature());
            if (settings.stream()) {
                json.writeBooleanField("stream", true);
                json.writeObjectFieldStart("stream_options");
                json.writeBooleanField("include_usage", true);
                json.writeEndObject();
            }
            json.writeEndObject();
        } catch (IOException e) {
            // A generator that writes to memory has no I/O that can fail.
            throw new UncheckedIOException("failed to write a request body", e);
        }
        return out.toByteArray();
    }

    private static void writeMessages(JsonGenerator json, String words) throws IOException {
        json.writeArrayFieldStart("messages");
        writeMessage(json, "system", PromptText.SYSTEM_TEXT);
        writeMessage(json, "user", words);
        json.writeEndArray();
    }

    private static void writeMessage(JsonGenerator json, String role, String content)
            throws IOException {
        json.writeStartObject();
        json.writeStringField("role", role);
        json.writeStringField("content", content);
        json.writeEndObject();
    }
}
