package dev.vespabench.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.vespabench.api.BackendOptions;
import dev.vespabench.api.BackendProvider;
import dev.vespabench.api.InvalidOptionException;

class OpenAiProviderTest {

    @ParameterizedTest
    @CsvSource({
        "openai,                           openai",
        "benchmarks.openai:benchmark,      openai",
        "openai-chat,                      openai-chat",
        "benchmarks.openai_chat:benchmark, openai-chat",
    })
    void serviceLoaderFindsProvider(String nameOrAlias, String expectedName) {
        List<BackendProvider> matches = ServiceLoader.load(BackendProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals(nameOrAlias) || p.aliases().contains(nameOrAlias))
                .toList();

        assertThat(matches).singleElement()
                .extracting(BackendProvider::name)
                .isEqualTo(expectedName);
    }

    @Test
    void providersCreateTheirEndpoint() {
        BackendOptions options = new BackendOptions(Map.of("model", "m"), Map.of());

        assertThat(new OpenAiProvider().create(options).info().settings())
                .containsEntry("endpoint", "/v1/completions");
        assertThat(new OpenAiChatProvider().create(options).info().settings())
                .containsEntry("endpoint", "/v1/chat/completions");
    }

    @Test
    void descriptionsNameTheEndpoint() {
        assertThat(new OpenAiProvider().description()).contains("POST /v1/completions");
        assertThat(new OpenAiChatProvider().description()).contains("POST /v1/chat/completions");
    }

    @Test
    void invalidOptionFailsCreate() {
        BackendOptions options = new BackendOptions(Map.of("stream", "maybe"), Map.of());

        assertThatThrownBy(() -> new OpenAiChatProvider().create(options))
                .isInstanceOf(InvalidOptionException.class);
    }
}
