package dev.vespabench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vespabench.sim.Fault;
import dev.vespabench.sim.FaultConfig;
import dev.vespabench.sim.SimulatedServer;
import dev.vespabench.sim.Simulator;
import dev.vespabench.sim.SimulatorConfig;
import org.junit.jupiter.api.Test;

/** Tests that each reported timeout names its limit and the option that sets it. */
class TimeoutMessageTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void requestTimeoutNamesLimitAndOption() throws Exception {
        try (SimulatedServer server = hangingSimulator()) {
            CliRunner.Result result = CliRunner.run(Map.of(), "run", "openai", "--url",
                    server.baseUrl(), "--runs", "1", "-c", "1", "--request-timeout", "0.5",
                    "--no-cache", "--json");

            JsonNode json = JSON.readTree(result.out());
            assertThat(result.status()).as(result.err()).isEqualTo(ExitCodes.FALLBACK);
            assertThat(json.get("notes").toString()).contains("warm-up request failed"
                    + " (timeout): request timed out after 0.5 s (--request-timeout)");
            assertThat(json.get("failures").get("timeout").asInt()).isEqualTo(1);
        }
    }

    @Test
    void deadlineNamesLimitAndOption() throws Exception {
        try (SimulatedServer server = hangingSimulator()) {
            CliRunner.Result result = CliRunner.run(Map.of(), "run", "openai", "--url",
                    server.baseUrl(), "--runs", "1", "-c", "1", "--no-warmup",
                    "--request-timeout", "30", "--deadline", "1", "--no-cache");

            assertThat(result.status()).as(result.err()).isEqualTo(ExitCodes.FALLBACK);
            assertThat(result.out()).contains("the deadline of 1 s (--deadline) was reached"
                    + " before any run finished");
        }
    }

    @Test
    void startupTimeoutNamesLimitAndOption() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }

        CliRunner.Result result = CliRunner.run(Map.of(), "run", "openai", "--url",
                "http://127.0.0.1:" + port, "--startup-timeout", "0.5", "--no-cache");

        assertThat(result.status()).isEqualTo(ExitCodes.FALLBACK);
        assertThat(result.out()).contains("did not answer with status 200 within 0.5 s");
        assertThat(result.out()).contains("raise --startup-timeout");
    }

    @Test
    void connectTimeoutNamesLimitAndOption() throws Exception {
        // A listener that never accepts: once its backlog is full, Linux drops further
        // connection attempts, so they wait for the connect timeout.
        List<Socket> queued = new ArrayList<>();
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            for (int i = 0; i < 4; i++) {
                Socket socket = new Socket();
                try {
                    socket.connect(full.getLocalSocketAddress(), 200);
                    queued.add(socket);
                } catch (IOException e) {
                    socket.close();
                    break;
                }
            }

            CliRunner.Result result = CliRunner.run(Map.of(), "run", "openai", "--url",
                    "http://127.0.0.1:" + full.getLocalPort(), "--connect-timeout", "0.5",
                    "--startup-timeout", "2", "--no-cache");

            assertThat(result.status()).isEqualTo(ExitCodes.FALLBACK);
            assertThat(result.out()).contains("connection timed out after 0.5 s"
                    + " (--connect-timeout)");
        } finally {
            for (Socket socket : queued) {
                socket.close();
            }
        }
    }

    private static SimulatedServer hangingSimulator() {
        return Simulator.start(SimulatorConfig.builder()
                .faults(FaultConfig.builder().rate(Fault.HANG, 1.0).build()).build());
    }
}
