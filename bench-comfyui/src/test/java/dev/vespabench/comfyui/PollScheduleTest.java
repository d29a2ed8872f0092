package dev.vespabench.comfyui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PollScheduleTest {

    @ParameterizedTest
    @CsvSource({
        "0,      20",
        "100,    20",
        "400,    20",
        "1000,   50",
        "10000,  500",
        "40000,  2000",
        "600000, 2000",
    })
    void delayIsShareOfTimePolled(long polledMillis, long expectedMillis) {
        Duration delay = PollSchedule.next(Duration.ofMillis(polledMillis));

        assertThat(delay).isEqualTo(Duration.ofMillis(expectedMillis));
    }

    @Test
    void tenSecondJobTakesAboutNinetyPolls() {
        Duration polled = Duration.ZERO;
        int polls = 0;

        while (polled.compareTo(Duration.ofSeconds(10)) < 0) {
            polled = polled.plus(PollSchedule.next(polled));
            polls++;
        }

        assertThat(polls).isBetween(80, 95);
    }

    @Test
    void delayStaysWithinFivePercent() {
        Duration polled = Duration.ofMillis(400);

        while (polled.compareTo(Duration.ofSeconds(40)) < 0) {
            Duration delay = PollSchedule.next(polled);
            assertThat(delay.toNanos()).isLessThanOrEqualTo(polled.toNanos() / 20 + 1);
            polled = polled.plus(delay);
        }
    }
}
