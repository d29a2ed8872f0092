package dev.vespabench.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StepCostTest {

    private final StepCost cost = new StepCost(64, 4.0, 0.1);

    @ParameterizedTest
    @CsvSource({
        "1, 243.902439",
        "8, 1666.666667",
        "10, 2000.0",
        "64, 6153.846154",
        "1000, 6153.846154",
    })
    void throughputFollowsFormula(int concurrency, double tokensPerSecond) {
        assertThat(cost.throughput(concurrency)).isCloseTo(tokensPerSecond, within(1e-5));
    }

    @Test
    void capacityIsThroughputAtAllSlots() {
        assertThat(cost.capacity()).isEqualTo(cost.throughput(64));
    }

    @Test
    void stepGrowsWithActiveSequences() {
        assertThat(cost.stepNanos(0)).isEqualTo(4_000_000L);
        assertThat(cost.stepNanos(8)).isEqualTo(4_800_000L);
        assertThat(cost.stepNanos(64)).isEqualTo(10_400_000L);
    }
}
