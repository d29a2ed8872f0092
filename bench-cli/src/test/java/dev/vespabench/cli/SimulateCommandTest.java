package dev.vespabench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

class SimulateCommandTest {

    private static final Duration LIMIT = Duration.ofSeconds(20);
    private static final Pattern URL = Pattern.compile("url +(http://127\\.0\\.0\\.1:\\d+)");

    @Test
    void servesUntilInterruptedWithFaults() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        AtomicInteger status = new AtomicInteger(-1);
        Thread command = new Thread(() -> status.set(VespaBench.execute(new String[] {
                "simulate", "--port", "0", "--slots", "8", "--base-ms", "1", "--max-output",
                "5", "--model", "tiny", "--image-workers", "2", "--image-job-ms", "250",
                "--fault", "server-error=1", "-q"}, new HashMap<>(),
                new PrintWriter(out), new PrintWriter(err))), "simulate-test");
        command.start();
        String url = awaitUrl(out);
        HttpClient client = HttpClient.newBuilder().connectTimeout(LIMIT).build();

        HttpResponse<String> models = client.send(HttpRequest.newBuilder(
                URI.create(url + "/v1/models")).timeout(LIMIT).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> completion = client.send(HttpRequest.newBuilder(
                URI.create(url + "/v1/completions")).timeout(LIMIT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"tiny\",\"prompt\":\"hi\",\"max_tokens\":3}")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> comfyStats = client.send(HttpRequest.newBuilder(
                URI.create(url + "/system_stats")).timeout(LIMIT).build(),
                HttpResponse.BodyHandlers.ofString());
        command.interrupt();
        command.join(LIMIT.toMillis());

        assertThat(models.statusCode()).isEqualTo(200);
        assertThat(models.body()).contains("\"tiny\"");
        assertThat(comfyStats.statusCode()).as("the ComfyUI routes are served").isEqualTo(200);
        assertThat(completion.statusCode()).as("every request gets the injected 500")
                .isEqualTo(500);
        assertThat(command.isAlive()).isFalse();
        assertThat(status.get()).as(err.toString()).isZero();
        assertThat(out.toString()).contains("capacity   ", "tokens/s with all 8 slots busy",
                "images     2 workers, 250.0 ms per job: 8.000 jobs/s",
                "faults     server-error=1.0", "Press Ctrl-C to stop.");
    }

    @Test
    void invalidSettingsAreUsageErrors() {
        CliRunner.Result unknownFault = CliRunner.run(java.util.Map.of(), "simulate", "--port",
                "0", "--fault", "gremlins=0.5");
        CliRunner.Result badSlots = CliRunner.run(java.util.Map.of(), "simulate", "--port", "0",
                "--slots", "0");

        assertThat(unknownFault.status()).isEqualTo(ExitCodes.USAGE);
        assertThat(unknownFault.err()).contains("unknown fault 'gremlins'", "hang");
        assertThat(badSlots.status()).isEqualTo(ExitCodes.USAGE);
        assertThat(badSlots.err()).contains("invalid --slots: must be between 1 and 1000000,"
                + " got 0");
    }

    @Test
    void portInUseIsUsageError() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String port = Integer.toString(taken.getLocalPort());

            CliRunner.Result result = CliRunner.run(java.util.Map.of(), "simulate", "--port",
                    port, "-q");

            assertThat(result.status()).as(result.err()).isEqualTo(ExitCodes.USAGE);
            assertThat(result.err()).contains("error: failed to listen on 127.0.0.1:" + port
                    + ": Address already in use; choose another --port, or --port 0 for any"
                    + " free one");
        }
    }

    @Test
    void invalidHostIsUsageError() {
        CliRunner.Result malformed = CliRunner.run(java.util.Map.of(), "simulate", "--port",
                "0", "--host", "[zz]", "-q");
        // 192.0.2.1 is reserved for documentation (RFC 5737), so no machine should have it.
        CliRunner.Result elsewhere = CliRunner.run(java.util.Map.of(), "simulate", "--port",
                "0", "--host", "192.0.2.1", "-q");

        assertThat(malformed.status()).as(malformed.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(malformed.err()).contains("invalid --host '[zz]': it is neither an IP"
                + " address nor a host name that resolves");
        assertThat(malformed.err()).doesNotContain("--port");
        assertThat(elsewhere.status()).as(elsewhere.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(elsewhere.err()).contains("invalid --host '192.0.2.1': 192.0.2.1 is not an"
                + " address of this machine");
        assertThat(elsewhere.err()).doesNotContain("--port");
    }

    private static String awaitUrl(StringWriter out) throws InterruptedException {
        long end = System.nanoTime() + LIMIT.toNanos();
        while (System.nanoTime() < end) {
            Matcher matcher = URL.matcher(out.toString());
            if (matcher.find()) {
                return matcher.group(1);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no URL printed within " + LIMIT + ": " + out);
    }
}
