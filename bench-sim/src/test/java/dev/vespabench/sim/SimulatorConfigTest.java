package dev.vespabench.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalInt;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SimulatorConfigTest {

    @Test
    void defaultsMatchDocumentedValues() {
        SimulatorConfig config = SimulatorConfig.defaults();

        assertThat(config.slots()).isEqualTo(64);
        assertThat(config.baseStepMillis()).isEqualTo(4.0);
        assertThat(config.perSequenceStepMillis()).isEqualTo(0.1);
        assertThat(config.maxOutputTokens()).isEmpty();
        assertThat(config.modelName()).isEqualTo("sim-model");
        assertThat(config.includeUsage()).isTrue();
        assertThat(config.maxConcurrentRequests()).isEqualTo(128);
        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.port()).isZero();
    }

    @Test
    void zeroOutputCapMeansNone() {
        SimulatorConfig capped = SimulatorConfig.builder().maxOutputTokens(7).build();
        SimulatorConfig uncapped = capped.toBuilder().maxOutputTokens(0).build();

        assertThat(capped.maxOutputTokens()).isEqualTo(OptionalInt.of(7));
        assertThat(uncapped.maxOutputTokens()).isEmpty();
    }

    @Test
    void toBuilderKeepsEveryValue() {
        SimulatorConfig config = SimulatorConfig.builder()
                .slots(3).baseStepMillis(1.5).perSequenceStepMillis(0.0).maxOutputTokens(9)
                .modelName("m").includeUsage(false).maxConcurrentRequests(5).host("localhost")
                .port(8080).build();

        assertThat(config.toBuilder().build()).isEqualTo(config);
    }

    static Stream<Arguments> invalidValues() {
        return Stream.of(
                Arguments.of((UnaryOperator<SimulatorConfig.Builder>) b -> b.slots(0),
                        "slots must be between 1 and 1000000, got 0"),
                Arguments.of((UnaryOperator<SimulatorConfig.Builder>) b -> b.baseStepMillis(0),
                        "baseStepMillis must be greater than 0 and at most 60000.0, got 0.0"),
                Arguments.of(
                        (UnaryOperator<SimulatorConfig.Builder>) b -> b.baseStepMillis(Double.NaN),
                        "baseStepMillis must be greater than 0 and at most 60000.0, got NaN"),
                Arguments.of(
                        (UnaryOperator<SimulatorConfig.Builder>) b -> b.perSequenceStepMillis(-1),
                        "perSequenceStepMillis must be between 0.0 and 60000.0, got -1.0"),
                Arguments.of((UnaryOperator<SimulatorConfig.Builder>) b -> b.modelName(" "),
                        "modelName must not be blank"),
                Arguments.of(
                        (UnaryOperator<SimulatorConfig.Builder>) b -> b.maxConcurrentRequests(0),
                        "maxConcurrentRequests must be between 1 and 2147483647, got 0"),
                Arguments.of((UnaryOperator<SimulatorConfig.Builder>) b -> b.host(""),
                        "host must not be blank"),
                Arguments.of((UnaryOperator<SimulatorConfig.Builder>) b -> b.port(65_536),
                        "port must be between 0 and 65535, got 65536"));
    }

    @ParameterizedTest
    @MethodSource("invalidValues")
    void invalidValueNamesParameter(UnaryOperator<SimulatorConfig.Builder> change,
            String message) {
        SimulatorConfig.Builder builder = change.apply(SimulatorConfig.builder());

        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void negativeOutputCapIsRejected() {
        assertThatThrownBy(() -> SimulatorConfig.builder().maxOutputTokens(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxOutputTokens must be between 0 and 2147483647, got -1");
    }
}
