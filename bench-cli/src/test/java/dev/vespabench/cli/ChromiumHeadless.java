package dev.vespabench.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Opens a page in headless Chromium, takes a screenshot and returns the requests the page
 * made, read from Chromium's network log.
 */
final class ChromiumHeadless {

    private ChromiumHeadless() {
    }

    /**
     * Finds Chromium on the PATH.
     *
     * @return the executable, or empty when it is not installed
     */
    static Optional<Path> find() {
        return ExternalTool.find("chromium", "chromium-browser", "google-chrome");
    }

    /**
     * Opens a page file and writes a screenshot of it.
     *
     * @param chromium the executable
     * @param page the HTML file
     * @param screenshot the PNG file to write
     * @param work a directory for the profile and the network log
     * @return the URLs that the page requested
     */
    static List<String> screenshot(Path chromium, Path page, Path screenshot, Path work)
            throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(work, "profile");
        Path netLog = work.resolve(profile.getFileName() + "-net-log.json");
        List<String> command = List.of(chromium.toString(),
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
                // With only the flags above, Chromium 156 still requests Google hosts for the
                // time, updates and accounts. Failing every host name lookup keeps that
                // traffic on this machine.
                "--host-resolver-rules=MAP * ~NOTFOUND",
                "--user-data-dir=" + profile, "--log-net-log=" + netLog,
                "--window-size=1000,2400", "--screenshot=" + screenshot,
                page.toUri().toString());

        ExternalTool.Run run = ExternalTool.run(command, Duration.ofSeconds(90));

        if (run.status() != 0 || !Files.exists(screenshot)) {
            throw new IllegalStateException("chromium failed with status " + run.status()
                    + ": " + run.output());
        }
        return pageRequests(netLog);
    }

    /**
     * Returns the URLs of requests that a page started. Chromium's own requests, such as
     * update checks, have the initiator {@code "not an origin"}; a page opened from a file has
     * the opaque origin {@code "null"}.
     */
    private static List<String> pageRequests(Path netLog) throws IOException {
        JsonNode log = new ObjectMapper().readTree(netLog.toFile());
        int startJob = log.path("constants").path("logEventTypes")
                .path("URL_REQUEST_START_JOB").asInt(-1);
        List<String> urls = new ArrayList<>();
        for (JsonNode event : log.path("events")) {
            JsonNode params = event.path("params");
            boolean pageInitiated = params.has("url")
                    && !"not an origin".equals(params.path("initiator").asText());
            if (event.path("type").asInt() == startJob && pageInitiated) {
                urls.add(params.path("url").asText());
            }
        }
        return urls;
    }
}
