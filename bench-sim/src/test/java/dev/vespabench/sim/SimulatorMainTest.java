package dev.vespabench.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SimulatorMainTest {

    @Test
    void parseSetsEveryOption() {
        SimulatorConfig config = SimulatorMain.parse(new String[] {
            "--port", "8123", "--slots", "16", "--base-ms", "2.5", "--per-seq-ms", "0.25",
            "--max-output", "40", "--model", "my-model", "--host", "0.0.0.0", "--no-usage",
            "--max-concurrent-requests", "12",
        }).orElseThrow();

        assertThat(config.port()).isEqualTo(8123);
        assertThat(config.slots()).isEqualTo(16);
        assertThat(config.baseStepMillis()).isEqualTo(2.5);
        assertThat(config.perSequenceStepMillis()).isEqualTo(0.25);
        assertThat(config.maxOutputTokens()).isEqualTo(OptionalInt.of(40));
        assertThat(config.modelName()).isEqualTo("my-model");
        assertThat(config.host()).isEqualTo("0.0.0.0");
        assertThat(config.includeUsage()).isFalse();
        assertThat(config.maxConcurrentRequests()).isEqualTo(12);
    }

    @Test
    void parseWithoutOptionsGivesDefaults() {
        assertThat(SimulatorMain.parse(new String[0])).hasValue(SimulatorConfig.defaults());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--speed 3       | unknown option --speed",
        "--slots         | option --slots is missing its value",
        "--max-concurrent-requests | option --max-concurrent-requests is missing its value",
        "--slots many    | option --slots takes an integer, got 'many'",
        "--base-ms fast  | option --base-ms takes a number, got 'fast'",
        "--slots 0       | slots must be between 1 and 1000000, got 0",
    })
    void invalidOptionIsRejected(String args, String message) {
        assertThatThrownBy(() -> SimulatorMain.parse(args.split(" ")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void parseSetsFaultOptions() {
        SimulatorConfig config = SimulatorMain.parse(new String[] {
            "--fault", "hang=0.05", "--fault", "server-error=0.1", "--fault-seed", "42",
            "--retry-after", "7", "--slow-start", "2", "--slow-start-ms", "1500",
            "--startup-ms", "3000",
        }).orElseThrow();

        FaultConfig faults = config.faults();
        assertThat(faults.rate(Fault.HANG)).isEqualTo(0.05);
        assertThat(faults.rate(Fault.SERVER_ERROR)).isEqualTo(0.1);
        assertThat(faults.seed()).isEqualTo(42);
        assertThat(faults.retryAfterSeconds()).isEqualTo(7);
        assertThat(faults.slowRequests()).isEqualTo(2);
        assertThat(faults.slowDelay()).isEqualTo(Duration.ofMillis(1500));
        assertThat(faults.startupPeriod()).isEqualTo(Duration.ofSeconds(3));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--fault hang        | option --fault takes NAME=RATE, such as hang=0.05, got 'hang'",
        "--fault hang=often  | option --fault takes a rate from 0 to 1 after the name, got 'often'",
        "--fault hung=0.1    | unknown fault 'hung'; valid faults: server-error,",
        "--fault hang=2      | rate of hang must be between 0.0 and 1.0, got 2.0",
        "--retry-after -1    | option --retry-after must be between 0 and 3600, got -1",
        "--startup-ms soon   | option --startup-ms takes an integer, got 'soon'",
        "--fault-seed        | option --fault-seed is missing its value",
    })
    void invalidFaultOptionIsRejected(String args, String message) {
        assertThatThrownBy(() -> SimulatorMain.parse(args.split(" ")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void helpGivesNoSettings() {
        assertThat(SimulatorMain.parse(new String[] {"--slots", "2", "--help"})).isEmpty();
    }
}
