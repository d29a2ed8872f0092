package dev.vespabench.tgi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.vespabench.api.BackendOptions;
import dev.vespabench.api.BackendProvider;
import dev.vespabench.api.InvalidOptionException;

class TgiProviderTest {

    @ParameterizedTest
    @ValueSource(strings = {"tgi", "benchmarks.tgi:benchmark"})
    void serviceLoaderFindsProvider(String nameOrAlias) {
        List<BackendProvider> matches = ServiceLoader.load(BackendProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals(nameOrAlias) || p.aliases().contains(nameOrAlias))
                .toList();

        assertThat(matches).singleElement()
                .isInstanceOf(TgiProvider.class)
                .extracting(BackendProvider::name)
                .isEqualTo("tgi");
    }

    @Test
    void descriptionNamesEndpoints() {
        assertThat(new TgiProvider().description()).contains("POST /generate", "/generate_stream");
    }

    @Test
    void createdBackendReportsProviderName() {
        assertThat(new TgiProvider().create(BackendOptions.empty()).info().backend())
                .isEqualTo("tgi");
    }

    @Test
    void invalidOptionFailsCreate() {
        BackendOptions options = new BackendOptions(Map.of("stream", "maybe"), Map.of());

        assertThatThrownBy(() -> new TgiProvider().create(options))
                .isInstanceOf(InvalidOptionException.class);
    }
}
