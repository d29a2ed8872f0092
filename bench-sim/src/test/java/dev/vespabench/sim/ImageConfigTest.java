package dev.vespabench.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageConfigTest {

    @ParameterizedTest
    @CsvSource({
        "1, 1, 200, 5.0",
        "2, 1, 200, 5.0",
        "1, 2, 200, 5.0",
        "2, 2, 200, 10.0",
        "8, 2, 200, 10.0",
        "3, 4, 1000, 3.0",
    })
    void analyticJobsPerSecondFlattensAtWorkers(int concurrency, int workers, double jobMillis,
            double expected) {
        ImageConfig config = ImageConfig.of(workers, jobMillis);

        assertThat(config.analyticJobsPerSecond(concurrency)).isCloseTo(expected, within(1e-9));
    }

    @Test
    void jobsThatNeverFinishHaveNoThroughput() {
        ImageConfig config = ImageConfig.of(2, 100).withJobsNeverFinish(true);

        assertThat(config.analyticJobsPerSecond(2)).isZero();
        assertThat(config.withJobsNeverFinish(false).analyticJobsPerSecond(2)).isEqualTo(20.0);
    }

    @Test
    void defaultsAreOneWorkerOfOneSecond() {
        ImageConfig config = SimulatorConfig.defaults().images();

        assertThat(config).isEqualTo(new ImageConfig(1, 1000.0, false));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0     | 100       | workers must be between 1 and 10000, got 0",
        "10001 | 100       | workers must be between 1 and 10000, got 10001",
        "1     | 0         | jobMillis must be greater than 0 and at most 3600000.0, got 0.0",
        "1     | 3600001.0 | jobMillis must be greater than 0 and at most 3600000.0, got 3600001.0",
    })
    void invalidValueNamesParameter(int workers, double jobMillis, String message) {
        assertThatThrownBy(() -> ImageConfig.of(workers, jobMillis))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void commandLineSetsImageEngine() {
        SimulatorConfig config = SimulatorMain.parse(
                new String[] {"--image-workers", "4", "--image-job-ms", "250"}).orElseThrow();

        assertThat(config.images()).isEqualTo(ImageConfig.of(4, 250));
    }

    @Test
    void commandLineRejectsInvalidWorkers() {
        assertThatThrownBy(() -> SimulatorMain.parse(new String[] {"--image-workers", "none"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("option --image-workers takes an integer, got 'none'");
    }
}
