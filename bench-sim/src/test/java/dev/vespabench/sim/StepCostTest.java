package dev.vespabench.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StepCostTest {

    private static final StepCost COST = new StepCost(8, 4.0, 0.1);

    @ParameterizedTest
    @CsvSource({
        // requests, tokens/s: 1000 * requests / (sum of one step of each wave, in ms)
        "1, 243.902439",
        "8, 1666.666667",
        "10, 1111.111111",
        "16, 1666.666667",
        "17, 1240.875912",
        "20, 1428.571429",
    })
    void burstThroughputSumsItsWaves(int requests, double expected) {
        assertThat(COST.burstThroughput(requests)).isCloseTo(expected, within(1e-6));
    }

    @ParameterizedTest
    @CsvSource({"1", "5", "8", "16", "64"})
    void fullWavesMatchSteadyThroughput(int requests) {
        assertThat(COST.burstThroughput(requests))
                .isCloseTo(COST.throughput(requests), within(1e-6));
    }

    @Test
    void partialWaveFallsBelowSteadyThroughput() {
        assertThat(COST.burstThroughput(10)).isLessThan(COST.throughput(10) * 0.7);
    }

    @Test
    void burstMakespanCountsStepsOfEachWave() {
        // 8 sequences for 500 steps of 4.8 ms, then 2 for 500 steps of 4.2 ms.
        assertThat(COST.burstNanos(10, 500)).isEqualTo(4_500_000_000.0);
    }

    @Test
    void largestBurstDoesNotOverflow() {
        double nanos = COST.burstNanos(Integer.MAX_VALUE, Integer.MAX_VALUE);

        assertThat(nanos).isPositive().isFinite();
        assertThat(COST.burstThroughput(Integer.MAX_VALUE))
                .isCloseTo(COST.capacity(), within(1e-3));
    }
}
