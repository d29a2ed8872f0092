package dev.vespabench.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * Charts drawn as inline SVG text, so that a report needs no script, font or image from
 * elsewhere. Coordinates are SVG user units in a fixed 640 by 320 view box that the page
 * scales.
 */
final class SvgChart {

    private static final int WIDTH = 640;
    private static final int HEIGHT = 320;
    private static final int LEFT = 76;
    private static final int RIGHT = 24;
    private static final int TOP = 24;
    private static final int BOTTOM = 52;
    private static final int TICKS = 5;
    private static final String HIGHLIGHT = "#d9480f";

    /**
     * A bar with its label on the x axis.
     *
     * @param label the category, such as a run's number
     * @param value the height in y units
     * @param marked whether the bar is the chosen one
     */
    record Bar(String label, double value, boolean marked) {
    }

    /**
     * A point of a line.
     *
     * @param x the x value
     * @param y the y value
     */
    record Point(double x, double y) {
    }

    /**
     * A named line with a colour.
     *
     * @param name the legend text
     * @param color a CSS colour
     * @param points the points in drawing order
     */
    record Series(String name, String color, List<Point> points) {
    }

    private SvgChart() {
    }

    /**
     * Draws a bar chart whose y axis starts at 0; marked bars are drawn in the highlight colour.
     *
     * @param title the accessible title
     * @param xLabel the x axis label
     * @param yLabel the y axis label
     * @param bars the bars from left to right
     * @return the SVG element
     */
    static String bars(String title, String xLabel, String yLabel, List<Bar> bars) {
        double max = bars.stream().mapToDouble(Bar::value).max().orElse(0);
        double top = niceCeiling(max);
        StringBuilder svg = open(title);
        yAxis(svg, top, yLabel);
        xLabel(svg, xLabel);
        double slot = (double) (WIDTH - LEFT - RIGHT) / Math.max(bars.size(), 1);
        double barWidth = Math.max(slot * 0.7, 1);
        for (int i = 0; i < bars.size(); i++) {
            Bar bar = bars.get(i);
            double x = LEFT + slot * i + (slot - barWidth) / 2;
            double y = yPosition(bar.value(), top);
            svg.append(String.format(Locale.ROOT, "<rect class=\"%s\" x=\"%.1f\" y=\"%.1f\""
                    + " width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>%s: %s</title>"
                    + "</rect>%n", bar.marked() ? "bar marked" : "bar", x, y, barWidth,
                    HEIGHT - BOTTOM - y, bar.marked() ? HIGHLIGHT : "#4c6ef5",
                    Html.escape(bar.label()), number(bar.value())));
            if (bars.size() <= 40 || i % (bars.size() / 20 + 1) == 0) {
                text(svg, x + barWidth / 2, HEIGHT - BOTTOM + 16, "middle", bar.label());
            }
            if (bar.marked()) {
                text(svg, x + barWidth / 2, y - 6, "middle", number(bar.value()));
            }
        }
        return close(svg);
    }

    /**
     * Draws lines over a numeric x axis, logarithmic when the x values span a factor of 8 or
     * more, with one point circled and labelled as the chosen one.
     *
     * @param title the accessible title
     * @param xLabel the x axis label
     * @param yLabel the y axis label
     * @param series the lines, the first one carrying the marked point
     * @param marked the index in the first series' points of the chosen point, if any
     * @param markLabel the text beside the chosen point
     * @return the SVG element
     */
    static String lines(String title, String xLabel, String yLabel, List<Series> series,
            OptionalInt marked, String markLabel) {
        List<Double> xs = new ArrayList<>();
        double maxY = 0;
        for (Series line : series) {
            for (Point point : line.points()) {
                xs.add(point.x());
                maxY = Math.max(maxY, point.y());
            }
        }
        double minX = xs.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        double maxX = xs.stream().mapToDouble(Double::doubleValue).max().orElse(1);
        boolean log = minX > 0 && maxX / minX >= 8;
        XScale scale = new XScale(minX, maxX == minX ? minX + 1 : maxX, log);
        double top = niceCeiling(maxY);
        StringBuilder svg = open(title);
        yAxis(svg, top, yLabel);
        xLabel(svg, xLabel + (log ? " (log scale)" : ""));
        xs.stream().distinct().sorted().forEach(x -> {
            double position = scale.position(x);
            svg.append(String.format(Locale.ROOT, "<line class=\"tick\" x1=\"%.1f\" y1=\"%d\""
                    + " x2=\"%.1f\" y2=\"%d\" stroke=\"#868e96\"/>%n", position,
                    HEIGHT - BOTTOM, position, HEIGHT - BOTTOM + 4));
            text(svg, position, HEIGHT - BOTTOM + 16, "middle", number(x));
        });
        for (Series line : series) {
            StringBuilder path = new StringBuilder();
            for (Point point : line.points()) {
                path.append(path.length() == 0 ? "" : " ").append(String.format(Locale.ROOT,
                        "%.1f,%.1f", scale.position(point.x()), yPosition(point.y(), top)));
            }
            svg.append(String.format(Locale.ROOT, "<polyline class=\"series\" fill=\"none\""
                    + " stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>%n", line.color(), path));
            for (Point point : line.points()) {
                svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\""
                        + " fill=\"%s\"><title>%s at %s: %s</title></circle>%n",
                        scale.position(point.x()), yPosition(point.y(), top), line.color(),
                        Html.escape(line.name()), number(point.x()), number(point.y())));
            }
        }
        legend(svg, series);
        if (marked.isPresent() && !series.isEmpty()) {
            Point point = series.get(0).points().get(marked.getAsInt());
            double x = scale.position(point.x());
            double y = yPosition(point.y(), top);
            svg.append(String.format(Locale.ROOT, "<circle class=\"marked\" cx=\"%.1f\""
                    + " cy=\"%.1f\" r=\"8\" fill=\"none\" stroke=\"%s\" stroke-width=\"3\"/>%n",
                    x, y, HIGHLIGHT));
            boolean right = x < WIDTH / 2.0;
            text(svg, x + (right ? 12 : -12), Math.max(y - 10, TOP + 10),
                    right ? "start" : "end", markLabel);
        }
        return close(svg);
    }

    /**
     * Rounds a maximum up to 1, 2, 2.5 or 5 times a power of ten, so axis ticks are round.
     *
     * @param max the largest value, 0 or more
     * @return the axis top, at least 1
     */
    static double niceCeiling(double max) {
        if (!(max > 0)) {
            return 1;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(max)));
        for (double step : new double[] {1, 2, 2.5, 5, 10}) {
            if (step * magnitude >= max) {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static StringBuilder open(String title) {
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg"
                + " viewBox=\"0 0 %d %d\" role=\"img\" font-family=\"sans-serif\""
                + " font-size=\"12\">%n<title>%s</title>%n", WIDTH, HEIGHT, Html.escape(title)));
        return svg;
    }

    private static String close(StringBuilder svg) {
        return svg.append("</svg>\n").toString();
    }

    private static void yAxis(StringBuilder svg, double top, String label) {
        for (int i = 0; i <= TICKS; i++) {
            double value = top * i / TICKS;
            double y = yPosition(value, top);
            svg.append(String.format(Locale.ROOT, "<line class=\"grid\" x1=\"%d\" y1=\"%.1f\""
                    + " x2=\"%d\" y2=\"%.1f\" stroke=\"%s\"/>%n", LEFT, y, WIDTH - RIGHT, y,
                    i == 0 ? "#495057" : "#dee2e6"));
            text(svg, LEFT - 6, y + 4, "end", number(value));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"14\" y=\"%d\" text-anchor=\"middle\""
                + " transform=\"rotate(-90 14 %d)\">%s</text>%n", (TOP + HEIGHT - BOTTOM) / 2,
                (TOP + HEIGHT - BOTTOM) / 2, Html.escape(label)));
    }

    private static void xLabel(StringBuilder svg, String label) {
        text(svg, (LEFT + WIDTH - RIGHT) / 2.0, HEIGHT - 12, "middle", label);
    }

    private static void legend(StringBuilder svg, List<Series> series) {
        double x = LEFT + 8;
        for (Series line : series) {
            svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"12\""
                    + " height=\"3\" fill=\"%s\"/>%n", x, TOP - 12, line.color()));
            text(svg, x + 16, TOP - 8, "start", line.name());
            x += 28 + 7 * line.name().length();
        }
    }

    private static void text(StringBuilder svg, double x, double y, String anchor,
            String content) {
        svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\""
                + " text-anchor=\"%s\">%s</text>%n", x, y, anchor, Html.escape(content)));
    }

    private static double yPosition(double value, double top) {
        return HEIGHT - BOTTOM - (HEIGHT - TOP - BOTTOM) * value / top;
    }

    private static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return String.format(Locale.ROOT, Math.abs(value) >= 100 ? "%.1f" : "%.2f", value);
    }

    /** Maps x values to horizontal positions, linearly or by their logarithm. */
    private record XScale(double min, double max, boolean log) {

        double position(double x) {
            double fraction = log
                    ? Math.log(x / min) / Math.log(max / min)
                    : (x - min) / (max - min);
            // A little room at both ends, so the first and last points are not on the axes.
            return LEFT + 16 + (WIDTH - LEFT - RIGHT - 32) * fraction;
        }
    }
}
