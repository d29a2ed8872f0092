package dev.vespabench.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FaultConfigTest {

    @Test
    void noneInjectsNothing() {
        FaultConfig none = FaultConfig.none();

        assertThat(none.enabled()).isFalse();
        assertThat(none.rates()).isEmpty();
        assertThat(none.rate(Fault.HANG)).isZero();
        assertThat(SimulatorConfig.defaults().faults()).isEqualTo(none);
    }

    @Test
    void toBuilderKeepsEveryValue() {
        FaultConfig config = FaultConfig.builder().rate(Fault.HANG, 0.1)
                .rate(Fault.TRUNCATED_JSON, 0.25).seed(9).retryAfterSeconds(5)
                .slowStart(3, Duration.ofMillis(700)).startupPeriod(Duration.ofSeconds(2))
                .build();

        assertThat(config.toBuilder().build()).isEqualTo(config);
        assertThat(config.enabled()).isTrue();
        assertThat(config.rate(Fault.TRUNCATED_JSON)).isEqualTo(0.25);
    }

    @Test
    void zeroRatesAreDropped() {
        FaultConfig config = FaultConfig.builder().rate(Fault.HANG, 0).build();

        assertThat(config.rates()).isEmpty();
        assertThat(config.enabled()).isFalse();
    }

    @Test
    void ratesSummingToOneAreAccepted() {
        FaultConfig config = FaultConfig.builder().rate(Fault.SERVER_ERROR, 0.1)
                .rate(Fault.RATE_LIMITED, 0.2).rate(Fault.UNAVAILABLE, 0.7).build();

        assertThat(config.rates()).hasSize(3);
    }

    static Stream<Arguments> invalidValues() {
        return Stream.of(
                Arguments.of((UnaryOperator<FaultConfig.Builder>) b -> b.rate(Fault.HANG, 1.5),
                        "rate of hang must be between 0.0 and 1.0, got 1.5"),
                Arguments.of((UnaryOperator<FaultConfig.Builder>) b -> b.rate(Fault.HANG, -0.1),
                        "rate of hang must be between 0.0 and 1.0, got -0.1"),
                Arguments.of(
                        (UnaryOperator<FaultConfig.Builder>) b -> b.rate(Fault.SLOW_START, 0.5),
                        "fault slow-start is not drawn per request, so it takes no rate"),
                Arguments.of((UnaryOperator<FaultConfig.Builder>) b -> b
                                .rate(Fault.HANG, 0.6).rate(Fault.CONNECTION_RESET, 0.6),
                        "the fault rates must sum to at most 1, got 1.2"),
                Arguments.of(
                        (UnaryOperator<FaultConfig.Builder>) b -> b.retryAfterSeconds(-1),
                        "retryAfterSeconds must be between 0 and 3600, got -1"),
                Arguments.of((UnaryOperator<FaultConfig.Builder>) b -> b.slowStart(-1,
                                Duration.ZERO),
                        "slowRequests must be between 0 and 2147483647, got -1"),
                Arguments.of((UnaryOperator<FaultConfig.Builder>) b -> b.slowStart(1,
                                Duration.ofMillis(-5)),
                        "slowDelay must be between 0 and 3600000 ms, got -5 ms"),
                Arguments.of((UnaryOperator<FaultConfig.Builder>) b -> b.startupPeriod(
                                Duration.ofHours(2)),
                        "startupPeriod must be between 0 and 3600000 ms, got 7200000 ms"));
    }

    @ParameterizedTest
    @MethodSource("invalidValues")
    void invalidValueNamesParameter(UnaryOperator<FaultConfig.Builder> change, String message) {
        FaultConfig.Builder builder = change.apply(FaultConfig.builder());

        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void keyNamesPerRequestFault() {
        assertThat(Fault.fromKey("connection-reset")).isEqualTo(Fault.CONNECTION_RESET);
        assertThat(Fault.TRUNCATED_STREAM.key()).isEqualTo("truncated-stream");
        assertThatThrownBy(() -> Fault.fromKey("slow-start"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown fault 'slow-start'; valid faults: server-error,"
                        + " rate-limited, unavailable, connection-reset, truncated-json, hang,"
                        + " truncated-stream");
    }
}
