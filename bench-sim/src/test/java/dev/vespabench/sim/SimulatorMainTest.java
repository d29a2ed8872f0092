package dev.vespabench.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    void helpGivesNoSettings() {
        assertThat(SimulatorMain.parse(new String[] {"--slots", "2", "--help"})).isEmpty();
    }
}
