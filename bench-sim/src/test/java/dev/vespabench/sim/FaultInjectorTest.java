package dev.vespabench.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class FaultInjectorTest {

    @Test
    void sameSeedDrawsSameFaults() {
        FaultConfig config = FaultConfig.builder().seed(11).rate(Fault.HANG, 0.3)
                .rate(Fault.SERVER_ERROR, 0.3).build();

        List<RequestFault> first = draws(new FaultInjector(config), 50, false);
        List<RequestFault> second = draws(new FaultInjector(config), 50, false);

        assertThat(first).isEqualTo(second);
    }

    @Test
    void drawsFollowRates() {
        FaultConfig config = FaultConfig.builder().seed(5).rate(Fault.RATE_LIMITED, 0.25)
                .rate(Fault.TRUNCATED_JSON, 0.5).build();

        List<RequestFault> draws = draws(new FaultInjector(config), 4_000, true);

        assertThat(count(draws, Fault.RATE_LIMITED)).isBetween(900L, 1_100L);
        assertThat(count(draws, Fault.TRUNCATED_JSON)).isBetween(1_850L, 2_150L);
        assertThat(count(draws, null)).isBetween(900L, 1_100L);
    }

    @Test
    void wholeResponseNeverDrawsTruncatedStream() {
        FaultConfig config = FaultConfig.builder().rate(Fault.TRUNCATED_STREAM, 1.0).build();
        FaultInjector injector = new FaultInjector(config);

        RequestFault whole = injector.draw(false);
        RequestFault stream = injector.draw(true);

        assertThat(whole).isEqualTo(RequestFault.NONE);
        assertThat(stream.fault()).isEqualTo(Fault.TRUNCATED_STREAM);
    }

    @Test
    void slowStartDelaysFirstDrawsOnly() {
        FaultConfig config = FaultConfig.builder().slowStart(2, Duration.ofSeconds(3)).build();

        List<RequestFault> draws = draws(new FaultInjector(config), 4, false);

        assertThat(draws).extracting(RequestFault::delay).containsExactly(Duration.ofSeconds(3),
                Duration.ofSeconds(3), Duration.ZERO, Duration.ZERO);
    }

    @Test
    void countsOnlyRecordedFaults() {
        FaultInjector injector = new FaultInjector(
                FaultConfig.builder().rate(Fault.HANG, 1.0).build());

        injector.draw(false);
        injector.record(Fault.SLOW_START);

        assertThat(injector.requests()).isEqualTo(1);
        assertThat(injector.counts()).hasSize(Fault.values().length)
                .containsEntry(Fault.HANG, 0L).containsEntry(Fault.SLOW_START, 1L);
    }

    @Test
    void startupPeriodEnds() throws InterruptedException {
        FaultInjector injector = new FaultInjector(
                FaultConfig.builder().startupPeriod(Duration.ofMillis(100)).build());

        boolean during = injector.inStartup();
        Thread.sleep(150);

        assertThat(during).isTrue();
        assertThat(injector.inStartup()).isFalse();
        assertThat(new FaultInjector(FaultConfig.none()).inStartup()).isFalse();
    }

    @Test
    void cutLeavesStreamStartedAndUnfinished() {
        assertThat(new RequestFault(Fault.HANG, 0.0, Duration.ZERO).cutTokens(10)).isEqualTo(1);
        assertThat(new RequestFault(Fault.HANG, 0.55, Duration.ZERO).cutTokens(10)).isEqualTo(5);
        assertThat(new RequestFault(Fault.HANG, 0.999, Duration.ZERO).cutTokens(10)).isEqualTo(9);
        assertThat(new RequestFault(Fault.HANG, 0.5, Duration.ZERO).cutTokens(1)).isZero();
    }

    @Test
    void truncatedEventKeepsHalfOfFirstData() {
        String events = "data: {\"a\":1,\"b\":2}\n\ndata: [DONE]\n\n";

        String truncated = FaultResponses.truncateFirstEvent(events);

        assertThat(truncated).isEqualTo("data: {\"a\":1\n\n");
    }

    private static List<RequestFault> draws(FaultInjector injector, int count, boolean stream) {
        List<RequestFault> draws = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            draws.add(injector.draw(stream));
        }
        return draws;
    }

    private static long count(List<RequestFault> draws, Fault fault) {
        return draws.stream().filter(draw -> draw.fault() == fault).count();
    }
}
