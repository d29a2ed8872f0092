package dev.vespabench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import dev.vespabench.sim.SimulatedServer;
import dev.vespabench.sim.Simulator;
import dev.vespabench.sim.SimulatorConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class StrategyOptionsTest {

    private static SimulatedServer server;

    @BeforeAll
    static void startSimulator() {
        // 4 slots, responses of 40 tokens, steps of 4 ms at most: 160 ms per request.
        server = Simulator.start(SimulatorConfig.builder().slots(4).baseStepMillis(2.0)
                .perSequenceStepMillis(0.5).maxOutputTokens(40).build());
    }

    @AfterAll
    static void stopSimulator() {
        server.close();
    }

    @Test
    void capacityPrintsCurveAndSelection() {
        CliRunner.Result result = CliRunner.run(Map.of(), "run", "openai", "--url",
                server.baseUrl(), "-o", "stream=true", "--strategy", "capacity",
                "--max-concurrency", "8", "--no-cache", "-q");

        assertThat(result.status()).as(result.err()).isZero();
        assertThat(result.out()).contains("strategy  capacity", "±95%", "ttft p95", "tpot p50");
        // Which level is chosen depends on timing on a busy machine; that one is marked does not.
        assertThat(result.out()).containsPattern("(?m)^ +\\d+\\* +\\d+ ");
        assertThat(result.out()).contains("selected  run ", "best sustainable level");
        assertThat(result.out()).contains("ttft      p50 ", "itl       p50 ", " p99 ", " max ");
        assertThat(result.out()).contains("workload  reported by the server\n");
        assertThat(result.out()).containsPattern("result    \\d+\\.\\d\\d workload/s \\(run \\d+"
                + " at concurrency \\d+\\)");
    }

    @Test
    void steadyJsonCarriesWindows() {
        CliRunner.Result result = CliRunner.run(Map.of(), "run", "openai", "--url",
                server.baseUrl(), "--strategy", "steady", "-c", "2", "--tolerance", "5",
                "--no-cache", "--json", "-q");

        assertThat(result.status()).as(result.err()).isZero();
        assertThat(result.out()).contains("\"strategy\" : \"steady\"", "\"windows\" : {",
                "\"selected_run\" : 1", "\"tolerance\" : \"0.05\"");
    }

    @Test
    void ratePrintsArrivals() {
        CliRunner.Result result = CliRunner.run(Map.of(), "run", "openai", "--url",
                server.baseUrl(), "--strategy", "rate", "--rate", "20", "--duration", "1",
                "--arrivals", "poisson", "--seed", "3", "--no-cache", "-q");

        assertThat(result.status()).as(result.err()).isZero();
        assertThat(result.out()).contains("arrivals  ", "(poisson), 0 dropped at 1024 in flight");
    }

    @Test
    void misplacedOptionsAreUsageErrors() {
        assertUsageError(run("--strategy", "fixed", "--rate", "5"),
                "--rate applies to --strategy rate only, not fixed");
        assertUsageError(run("--strategy", "steady", "--slo-ttft-p95", "500"),
                "--slo-ttft-p95 applies to --strategy capacity only, not steady");
        assertUsageError(run("--strategy", "waves"),
                "invalid --strategy 'waves': expected one of fixed, steady, capacity, rate");
        assertUsageError(run("--strategy", "rate"), "--strategy rate needs --rate");
        assertUsageError(run("--strategy", "rate", "--rate", "5", "--arrivals", "bursty"),
                "invalid --arrivals 'bursty': expected constant or poisson");
        assertUsageError(run("--strategy", "capacity", "--slo-latency-p95", "0"),
                "invalid --slo-latency-p95 0.0");
        assertUsageError(run("--strategy", "capacity", "--max-failure-rate", "100"),
                "invalid --max-failure-rate 100.0: expected a percentage from 0 to below 100");
        assertUsageError(run("--strategy", "fixed", "--max-failure-rate", "5"),
                "--max-failure-rate applies to --strategy capacity only, not fixed");
        assertUsageError(run("-c", "2000000000"), "--concurrency 2000000000 needs 2000000064"
                + " open files (one per connection), but this process may open only ");
        assertUsageError(run("--strategy", "rate", "--rate", "5", "--max-in-flight",
                "2000000000"), "--max-in-flight 2000000000 needs 2000000064 open files");
        assertUsageError(run("--strategy", "capacity", "--slo-ttft-p95", "100"),
                "--slo-ttft-p95 needs a streaming backend to measure time to first token, but"
                        + " openai does not stream here; pass -o stream=true");
        assertUsageError(run("--strategy", "steady", "--runs", "3"),
                "--runs applies to --strategy fixed only, not steady");
        assertUsageError(run("--strategy", "capacity", "-c", "7"),
                "--concurrency applies to --strategy fixed or steady only, not capacity; the"
                        + " capacity search sets its own concurrency, up to --max-concurrency");
        assertUsageError(run("--strategy", "steady", "--tolerance", "100"),
                "invalid --tolerance 100.0");
    }

    private static CliRunner.Result run(String... strategyArgs) {
        String[] args = new String[strategyArgs.length + 4];
        args[0] = "run";
        args[1] = "openai";
        args[2] = "--url";
        args[3] = "http://127.0.0.1:1";
        System.arraycopy(strategyArgs, 0, args, 4, strategyArgs.length);
        return CliRunner.run(Map.of(), args);
    }

    private static void assertUsageError(CliRunner.Result result, String message) {
        assertThat(result.status()).as(result.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains(message);
        assertThat(result.err()).doesNotContain("Exception", "\tat ");
    }
}
