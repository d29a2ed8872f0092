package dev.vespabench.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

import dev.vespabench.core.RunResult;
import org.jspecify.annotations.Nullable;

/**
 * The curves of throughput and latency against concurrency, for results whose runs used
 * several concurrency levels, such as a capacity search. Runs at the same level are averaged
 * into one point.
 */
final class ConcurrencyCurves {

    private ConcurrencyCurves() {
    }

    static String throughput(List<RunResult> runs, OptionalInt chosen) {
        Map<Integer, List<RunResult>> levels = levels(runs);
        List<SvgChart.Point> points = points(levels, RunResult::throughput);
        OptionalInt marked = OptionalInt.empty();
        String label = "";
        RunResult selected = chosenRun(runs, chosen);
        if (selected != null) {
            marked = OptionalInt.of(new ArrayList<>(levels.keySet())
                    .indexOf(selected.concurrency()));
            label = String.format(Locale.ROOT, "chosen: %d in flight, %.1f workload/s",
                    selected.concurrency(), selected.throughput());
        }
        List<SvgChart.Series> series = List.of(
                new SvgChart.Series("workload/s", "#4c6ef5", points));
        return SvgChart.lines("Throughput against concurrency", "requests in flight",
                "workload/s", series, marked, label);
    }

    static String latency(List<RunResult> runs, OptionalInt chosen) {
        Map<Integer, List<RunResult>> levels = levels(runs);
        List<SvgChart.Series> series = new ArrayList<>();
        series.add(new SvgChart.Series("p50 latency", "#2f9e44",
                points(levels, run -> run.latency().p50())));
        series.add(new SvgChart.Series("p95 latency", "#862e9c",
                points(levels, run -> run.latency().p95())));
        boolean streamed = runs.stream().anyMatch(run -> run.timeToFirstToken().count() > 0);
        if (streamed) {
            series.add(new SvgChart.Series("p95 time to first token", "#e67700",
                    points(levels, run -> run.timeToFirstToken().p95())));
        }
        OptionalInt marked = OptionalInt.empty();
        String label = "";
        RunResult selected = chosenRun(runs, chosen);
        if (selected != null) {
            marked = OptionalInt.of(new ArrayList<>(levels.keySet())
                    .indexOf(selected.concurrency()));
            label = String.format(Locale.ROOT, "chosen: %d in flight", selected.concurrency());
        }
        return SvgChart.lines("Latency against concurrency", "requests in flight", "ms",
                series, marked, label);
    }

    private static Map<Integer, List<RunResult>> levels(List<RunResult> runs) {
        Map<Integer, List<RunResult>> levels = new TreeMap<>();
        for (RunResult run : runs) {
            levels.computeIfAbsent(run.concurrency(), level -> new ArrayList<>()).add(run);
        }
        return levels;
    }

    private static List<SvgChart.Point> points(Map<Integer, List<RunResult>> levels,
            ToDoubleFunction<RunResult> value) {
        List<SvgChart.Point> points = new ArrayList<>();
        levels.forEach((level, runs) -> points.add(new SvgChart.Point(level,
                runs.stream().mapToDouble(value).average().orElse(0))));
        return points;
    }

    private static @Nullable RunResult chosenRun(List<RunResult> runs,
            OptionalInt chosen) {
        if (chosen.isEmpty()) {
            return null;
        }
        return runs.stream().filter(run -> run.index() == chosen.getAsInt()).findFirst()
                .orElse(null);
    }
}
