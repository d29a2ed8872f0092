package dev.vespabench.comfyui;

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

class ComfyUiProviderTest {

    @ParameterizedTest
    @CsvSource({
        "comfyui,                      comfyui",
        "benchmarks.comfyui:benchmark, comfyui",
        "comfyui-native,               comfyui-native",
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
        assertThat(new ComfyUiProvider().create(BackendOptions.empty()).info().settings())
                .containsEntry("endpoint", "/generate/sync");
        assertThat(new ComfyUiNativeProvider().create(BackendOptions.empty()).info().settings())
                .containsEntry("endpoint", "/prompt");
    }

    @Test
    void descriptionsNameTheEndpoint() {
        assertThat(new ComfyUiProvider().description()).contains("POST /generate/sync");
        assertThat(new ComfyUiNativeProvider().description()).contains("POST /prompt");
        assertThat(new ComfyUiNativeProvider().aliases()).isEmpty();
    }

    @Test
    void missingWorkflowFailsCreate() {
        BackendOptions options =
                new BackendOptions(Map.of("workflow", "/no/such/dir/flow.json"), Map.of());

        assertThatThrownBy(() -> new ComfyUiNativeProvider().create(options))
                .isInstanceOf(InvalidOptionException.class)
                .hasMessageContaining("'/no/such/dir/flow.json' was not found");
    }
}
