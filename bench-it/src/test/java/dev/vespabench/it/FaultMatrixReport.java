package dev.vespabench.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import dev.vespabench.core.BenchmarkResult;
import dev.vespabench.core.BenchmarkSettings;
import dev.vespabench.core.RunResult;
import dev.vespabench.sim.Fault;
import dev.vespabench.sim.FaultConfig;
import dev.vespabench.sim.SimulatedServer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Runs each fault at a fixed rate against the simulator and writes the table of
 * {@code docs/reliability.md} to {@code target/fault-matrix.md}.
 *
 * <p>Surefire runs it only when asked by name, as {@code benchmarks/faults.sh} does, because
 * it takes about three minutes. Each row is one benchmark of 8 runs of 10 concurrent requests
 * of {@value FaultRun#TOKENS} tokens without warm-up, and the backend column names any change.
 */
class FaultMatrixReport {

    private static final double RATE = 0.1;
    private static final int RUNS = 8;
    private static final List<Variant> VARIANTS =
            List.of(Variant.OPENAI, Variant.CHAT_STREAM, Variant.TGI, Variant.TGI_STREAM);
    private static final Path OUTPUT = Path.of("target", "fault-matrix.md");

    @Test
    void writeTable() throws IOException {
        List<String> rows = new ArrayList<>();
        rows.add("| fault | rate | backend | requests | injected | failures reported"
                + " | reported tokens/s | best run vs model | runs with failures vs model"
                + " | seconds | hung or lost |");
        rows.add("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        for (Variant variant : VARIANTS) {
            rows.add(row(new Case(null, variant, FaultConfig.none(), "0", "",
                    settings -> settings)));
        }
        for (Fault fault : Fault.perRequestFaults()) {
            for (Variant variant : VARIANTS) {
                if (fault == Fault.TRUNCATED_STREAM && !variant.stream()) {
                    continue;
                }
                boolean hang = fault == Fault.HANG;
                Duration timeout = Duration.ofSeconds(hang ? 1 : 5);
                FaultConfig faults = FaultConfig.builder().rate(fault, RATE).build();
                rows.add(row(new Case(fault, variant, faults, Double.toString(RATE),
                        hang ? ", timeout 1 s" : "",
                        settings -> settings.requestTimeout(timeout))));
            }
        }
        FaultConfig slow = FaultConfig.builder().slowStart(1, Duration.ofMillis(1_500)).build();
        rows.add(row(new Case(Fault.SLOW_START, Variant.OPENAI, slow, "first request, +1.5 s",
                ", warm-up", settings -> settings.warmup(true))));
        rows.add(row(new Case(Fault.SLOW_START, Variant.TGI_STREAM, slow,
                "first request, +1.5 s", ", no warm-up", settings -> settings)));
        FaultConfig startup = FaultConfig.builder().startupPeriod(Duration.ofMillis(1_500))
                .build();
        for (Variant variant : List.of(Variant.CHAT, Variant.TGI)) {
            rows.add(row(new Case(Fault.STARTUP_UNAVAILABLE, variant, startup, "first 1.5 s",
                    ", health poll 100 ms",
                    settings -> settings.healthInterval(Duration.ofMillis(100)))));
        }

        String table = String.join("\n", rows) + "\n";
        Files.createDirectories(OUTPUT.getParent());
        Files.writeString(OUTPUT, table, StandardCharsets.UTF_8);
        assertThat(rows).hasSizeGreaterThan(2);
    }

    /**
     * One row of the table.
     *
     * @param fault the fault, or null for the row without faults
     * @param variant the backend and format
     * @param faults the simulator's fault settings
     * @param rate how often the fault occurs, as the table shows it
     * @param note what the row changes in the settings, appended to the backend
     * @param change the change to the default settings
     */
    private record Case(@Nullable Fault fault, Variant variant, FaultConfig faults, String rate,
            String note, UnaryOperator<BenchmarkSettings.Builder> change) {

        Variant.SlotUse slotUse() {
            return fault == null ? Variant.SlotUse.NONE : variant.slotUse(fault);
        }
    }

    private static String row(Case row) {
        try (SimulatedServer server = FaultRun.start(row.faults())) {
            BenchmarkSettings.Builder settings = row.change().apply(
                    FaultRun.settings(server).runs(RUNS));
            boolean warmup = settings.build().warmup() == Boolean.TRUE;
            BenchmarkResult result = FaultRun.run(row.variant(), settings);
            int openHangs = openHangsAfter(server);
            long injected = row.fault() == null ? 0 : server.injectedFaults().get(row.fault());
            return String.join(" | ", "",
                    row.fault() == null ? "none" : row.fault().key(),
                    row.rate(),
                    row.variant().label() + row.note(),
                    Long.toString(result.requests()),
                    Long.toString(injected),
                    failures(result.failures()),
                    String.format(Locale.ROOT, "%.1f", result.value())
                            + (result.measured() ? "" : " (fallback)"),
                    bestRunError(result, server, row),
                    failedRunsError(result, server, row),
                    String.format(Locale.ROOT, "%.1f", result.elapsed().toMillis() / 1000.0),
                    lossOrHang(result, server, row, injected, warmup, openHangs),
                    "").strip();
        }
    }

    /** Returns the reported figure's error against the model for the run it came from. */
    private static String bestRunError(BenchmarkResult result, SimulatedServer server,
            Case row) {
        if (!result.measured()) {
            return "n/a";
        }
        RunResult best = result.bestRun().orElseThrow();
        FaultRun.Expected expected = FaultRun.Expected.of(server, best, row.slotUse());
        return percent(result.value() / expected.middle() - 1) + " of " + expected
                + " (run " + best.index() + ", " + best.succeeded() + "/" + best.requests()
                + " ok)";
    }

    /**
     * Returns the mean and the worst error against the model of the runs that had failures.
     * Runs with a hung request are left out, because their wave lasts until the timeout.
     */
    private static String failedRunsError(BenchmarkResult result, SimulatedServer server,
            Case row) {
        double sum = 0;
        int count = 0;
        double worst = 0;
        int worstRun = 0;
        for (RunResult run : result.runs()) {
            if (run.failed() == 0 || run.failures().containsKey("timeout")) {
                continue;
            }
            FaultRun.Expected expected = FaultRun.Expected.of(server, run, row.slotUse());
            double error = run.throughput() / expected.middle() - 1;
            sum += error;
            count++;
            if (Math.abs(error) >= Math.abs(worst)) {
                worst = error;
                worstRun = run.index();
            }
        }
        if (count == 0) {
            return row.fault() == Fault.HANG ? "n/a (waves wait for the timeout)" : "n/a";
        }
        return count + " runs: mean " + percent(sum / count) + ", worst " + percent(worst)
                + " (run " + worstRun + ")";
    }

    private static String failures(Map<String, Long> failures) {
        if (failures.isEmpty()) {
            return "none";
        }
        return failures.entrySet().stream()
                .map(entry -> entry.getKey() + " " + entry.getValue())
                .collect(Collectors.joining(", "));
    }

    /**
     * Returns what went wrong, or "none". Nothing went wrong when the benchmark ended before
     * its deadline, when every request that the simulator received is in the result (the
     * warm-up request aside), when the failures equal the faults injected, and when no hung
     * connection stayed open.
     */
    private static String lossOrHang(BenchmarkResult result, SimulatedServer server, Case row,
            long injected, boolean warmup, int openHangs) {
        List<String> problems = new ArrayList<>();
        if (result.deadlineReached()) {
            problems.add("deadline reached");
        }
        long missing = server.generationRequests() - (warmup ? 1 : 0) - result.requests();
        if (missing != 0) {
            problems.add(missing + " requests missing from the result");
        }
        boolean perRequest = row.fault() != null && row.fault().perRequest();
        long expectedFailures = perRequest ? injected : 0;
        if (result.failed() != expectedFailures) {
            problems.add(result.failed() + " failures for " + expectedFailures + " faults");
        }
        if (openHangs > 0) {
            problems.add(openHangs + " hung connections left open");
        }
        return problems.isEmpty() ? "none" : String.join("; ", problems);
    }

    private static String percent(double fraction) {
        return String.format(Locale.ROOT, "%+.1f%%", 100 * fraction);
    }

    /** Returns the hung connections still open, after waiting up to 5 s for them to close. */
    private static int openHangsAfter(SimulatedServer server) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (server.openHangs() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return server.openHangs();
    }
}
