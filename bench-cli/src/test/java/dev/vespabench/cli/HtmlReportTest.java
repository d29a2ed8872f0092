package dev.vespabench.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {

    /** Where the screenshot is kept for people to look at after the build. */
    private static final Path SCREENSHOTS = Path.of(System.getProperty("basedir", "."))
            .resolve("target/screenshots");

    @TempDir
    Path dir;

    @Test
    void capacityReportHasThreeChartsAndMarksChoice() {
        String html = HtmlReport.render(SampleResults.capacitySearch(), SampleResults.context());

        assertThat(count(html, "<svg")).isEqualTo(3);
        assertThat(html).contains("Throughput per run", "Throughput against concurrency",
                "Latency against concurrency");
        assertThat(html).contains("chosen: 32 in flight");
        assertThat(html).contains("class=\"bar marked\"", "class=\"marked\"");
        assertThat(html).contains("(log scale)");
        assertThat(html).contains("p95 time to first token");
    }

    @Test
    void fixedReportHasOnlyRunChart() {
        String html = HtmlReport.render(SampleResults.fallback(), SampleResults.context());

        assertThat(count(html, "<svg")).isEqualTo(1);
        assertThat(html).contains("(fallback)", "no run succeeded");
        assertThat(html).doesNotContain("class=\"bar marked\"");
    }

    @Test
    void textFromServerIsEscaped() {
        String html = HtmlReport.render(SampleResults.capacitySearch(), SampleResults.context());

        assertThat(html).contains("&lt;b&gt;model &amp; co&lt;/b&gt;");
        assertThat(html).doesNotContain("<b>model");
    }

    @Test
    void reportFetchesNothing() {
        String html = HtmlReport.render(SampleResults.capacitySearch(), SampleResults.context());

        assertThat(html).contains("<meta http-equiv=\"Content-Security-Policy\" content=\""
                + "default-src 'none'; style-src 'unsafe-inline'; img-src data:\">");
        assertThat(html).doesNotContainPattern("(?i)<script|<link|<img|<iframe|<object");
        assertThat(html).doesNotContainPattern("(?i)@import|url\\(");
        assertThat(attributes(html, "src")).isEmpty();
        assertThat(attributes(html, "href")).isEmpty();
        // The backend URL is shown as text only, never as an address the page loads.
        assertThat(html).contains(">" + SampleResults.URL + "<");
    }

    @Test
    void chromiumRendersChartsWithoutRequests() throws Exception {
        Optional<Path> chromium = ChromiumHeadless.find();
        assumeTrue(chromium.isPresent(), "chromium is not installed; .ci/run installs it");
        Path page = dir.resolve("report.html");
        Files.writeString(page, HtmlReport.render(SampleResults.capacitySearch(),
                SampleResults.context()));
        Files.createDirectories(SCREENSHOTS);
        Path screenshot = SCREENSHOTS.resolve("capacity-report.png");
        Files.deleteIfExists(screenshot);

        List<String> requests = ChromiumHeadless.screenshot(chromium.get(), page, screenshot,
                dir);

        assertThat(Files.size(screenshot)).as("a page with charts, not a blank one")
                .isGreaterThan(20_000);
        assertThat(requests).as("requests the report made").isEmpty();
    }

    @Test
    void networkLogCatchesPageRequest() throws Exception {
        Optional<Path> chromium = ChromiumHeadless.find();
        assumeTrue(chromium.isPresent(), "chromium is not installed; .ci/run installs it");
        Path page = dir.resolve("fetching.html");
        // Port 9 (discard) on the loopback address: no server listens, and nothing leaves.
        Files.writeString(page, "<!DOCTYPE html><html><body>"
                + "<img src=\"http://127.0.0.1:9/chart.png\" alt=\"\"></body></html>");

        List<String> requests = ChromiumHeadless.screenshot(chromium.get(), page,
                dir.resolve("fetching.png"), dir);

        assertThat(requests).containsExactly("http://127.0.0.1:9/chart.png");
    }

    private static List<String> attributes(String html, String name) {
        List<String> values = new ArrayList<>();
        Matcher matcher = Pattern.compile("(?i)\\s" + name + "\\s*=\\s*\"([^\"]*)\"")
                .matcher(html);
        while (matcher.find()) {
            values.add(matcher.group(1));
        }
        return values;
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }
}
