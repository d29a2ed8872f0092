package dev.vespabench.core.internal;

import static dev.vespabench.core.internal.ScriptedServer.respond;
import static dev.vespabench.core.internal.ScriptedServer.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import dev.vespabench.api.HttpRequestSpec;
import dev.vespabench.api.HttpResponseData;
import dev.vespabench.api.ResponseFormat;
import dev.vespabench.core.internal.Exchange.ConnectionClosedException;
import dev.vespabench.core.internal.LoopClients.LoopClient;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.HttpResponse;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

class ExchangeTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final HttpRequestSpec POST = HttpRequestSpec.postJson("/work", "{\"n\": 1}",
            ResponseFormat.BODY);

    private @Nullable LoopClients clients;

    @AfterEach
    void stopClients() {
        if (clients != null) {
            clients.disposeLater().block(Duration.ofSeconds(15));
        }
    }

    @Test
    void sequentialRequestsShareOneConnection() throws Exception {
        try (ScriptedServer server = new ScriptedServer((connection, request, out) -> {
            respond(out, "{\"request\": " + request + "}");
            return true;
        })) {
            LoopClient client = client(server, 4);

            for (int i = 0; i < 20; i++) {
                assertThat(text(whole(client, POST).block(WAIT)))
                        .isEqualTo("{\"request\": " + i + "}");
            }

            assertThat(server.connections()).isEqualTo(1);
        }
    }

    @Test
    void requestHeadMergesHeaders() throws Exception {
        try (ScriptedServer server = new ScriptedServer((connection, request, out) -> {
            respond(out, "{}");
            return true;
        })) {
            clients = new LoopClients(1, 1, HttpTarget.of(server.url() + "/prefix/", Map.of(
                    "Authorization", "Bearer secret", "X-Trace", "target"), false),
                    Duration.ofSeconds(5));
            HttpRequestSpec request = new HttpRequestSpec("post", "/work", Map.of(
                    "X-Trace", "request", "Content-Type", "text/plain"),
                    "{\"n\": 1}".getBytes(StandardCharsets.UTF_8), ResponseFormat.BODY);

            whole(clients.pick(), request).block(WAIT);

            List<String> lines = List.of(server.lastHead().split("\r\n"));
            assertThat(lines.get(0)).isEqualTo("POST /prefix/work HTTP/1.1");
            assertThat(lines).contains("host: " + server.url().substring(7),
                    "Authorization: Bearer secret", "X-Trace: request",
                    "content-type: application/json", "content-length: 8")
                    .doesNotContain("X-Trace: target", "Content-Type: text/plain");
        }
    }

    @Test
    void headResponseHasNoBody() throws Exception {
        try (ScriptedServer server = new ScriptedServer((connection, request, out) -> {
            if (request == 0) {
                write(out, "HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n");
            } else {
                respond(out, "{}");
            }
            return true;
        })) {
            LoopClient client = client(server, 1);
            HttpRequestSpec head = new HttpRequestSpec("HEAD", "/work", Map.of(), null,
                    ResponseFormat.BODY);

            assertThat(text(whole(client, head).block(WAIT))).isEmpty();
            assertThat(text(whole(client, POST).block(WAIT))).isEqualTo("{}");
            assertThat(server.connections()).isEqualTo(1);
        }
    }

    @Test
    void invalidPathKeepsConnection() throws Exception {
        try (ScriptedServer server = new ScriptedServer((connection, request, out) -> {
            respond(out, "{}");
            return true;
        })) {
            LoopClient client = client(server, 1);
            HttpRequestSpec spaced = HttpRequestSpec.get("/a b");

            assertThat(text(whole(client, POST).block(WAIT))).isEqualTo("{}");
            assertThatThrownBy(() -> whole(client, spaced).block(WAIT))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("/a b");
            assertThat(text(whole(client, POST).block(WAIT))).isEqualTo("{}");
            assertThat(server.connections()).isEqualTo(1);
        }
    }

    @Test
    void concurrentRequestsWaitForLimit() throws Exception {
        try (ScriptedServer server = new ScriptedServer((connection, request, out) -> {
            sleep(20);
            respond(out, "{}");
            return true;
        })) {
            LoopClient client = client(server, 2);

            List<HttpResponseData> responses = Flux.range(0, 12)
                    .flatMap(i -> whole(client, POST), 12)
                    .collectList().block(WAIT);

            assertThat(responses).hasSize(12).allMatch(HttpResponseData::isSuccess);
            assertThat(server.connections()).isEqualTo(2);
        }
    }

    @Test
    void chunkedAndCloseDelimitedBodiesRead() throws Exception {
        try (ScriptedServer server = new ScriptedServer((connection, request, out) -> {
            if (request == 0) {
                write(out, "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n"
                        + "3\r\nabc\r\n4\r\ndefg\r\n0\r\n\r\n");
                return true;
            }
            write(out, "HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\n\r\nuntil the end");
            return false;
        })) {
            LoopClient client = client(server, 1);

            assertThat(text(whole(client, POST).block(WAIT))).isEqualTo("abcdefg");
            assertThat(text(whole(client, POST).block(WAIT))).isEqualTo("until the end");
            assertThat(server.connections()).isEqualTo(1);
            assertThat(text(whole(client, POST).block(WAIT))).isEqualTo("abcdefg");
            assertThat(server.connections()).isEqualTo(2);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"100 Continue", "103 Early Hints\r\nlink: </style.css>"})
    void interimResponsesAreSkipped(String interim) throws Exception {
        try (ScriptedServer server = new ScriptedServer((connection, request, out) -> {
            write(out, "HTTP/1.1 " + interim + "\r\n\r\n");
            respond(out, "{\"request\": " + request + "}");
            return true;
        })) {
            LoopClient client = client(server, 1);

            for (int i = 0; i < 2; i++) {
                assertThat(text(whole(client, POST).block(WAIT)))
                        .isEqualTo("{\"request\": " + i + "}");
            }
            assertThat(server.connections()).isEqualTo(1);
        }
    }

    @Test
    void connectionCloseIsHonoured() throws Exception {
        try (ScriptedServer server = new ScriptedServer((connection, request, out) -> {
            write(out, "HTTP/1.1 200 OK\r\nconnection: close\r\ncontent-length: 2\r\n\r\nok");
            return false;
        })) {
            LoopClient client = client(server, 1);

            for (int i = 0; i < 3; i++) {
                assertThat(text(whole(client, POST).block(WAIT))).isEqualTo("ok");
            }

            assertThat(server.connections()).isEqualTo(3);
        }
    }

    @Test
    void bodyCutShortFailsAsClosed() throws Exception {
        try (ScriptedServer server = new ScriptedServer((connection, request, out) -> {
            write(out, "HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\nonly part");
            return false;
        })) {
            LoopClient client = client(server, 1);

            assertThatThrownBy(() -> whole(client, POST).block(WAIT))
                    .hasCauseInstanceOf(ConnectionClosedException.class);
        }
    }

    @Test
    void staleConnectionRequestIsRetried() throws Exception {
        try (ScriptedServer server = new ScriptedServer((connection, request, out) -> {
            if (request == 1) {
                // The idle connection is closed as the second request arrives.
                return false;
            }
            respond(out, "{\"connection\": " + connection + "}");
            return true;
        })) {
            LoopClient client = client(server, 1);

            assertThat(text(whole(client, POST).block(WAIT))).isEqualTo("{\"connection\": 0}");
            assertThat(text(whole(client, POST).block(WAIT))).isEqualTo("{\"connection\": 1}");
            assertThat(server.connections()).isEqualTo(2);
        }
    }

    @Test
    void newConnectionRequestIsNotRetried() throws Exception {
        try (ScriptedServer server = new ScriptedServer((connection, request, out) -> false)) {
            LoopClient client = client(server, 1);

            assertThatThrownBy(() -> whole(client, POST).block(WAIT))
                    .hasCauseInstanceOf(ConnectionClosedException.class);
            assertThat(server.connections()).isEqualTo(1);
        }
    }

    @Test
    void garbledStatusLineFails() throws Exception {
        try (ScriptedServer server = new ScriptedServer((connection, request, out) -> {
            write(out, "HELLO THERE\r\n\r\n");
            return true;
        })) {
            LoopClient client = client(server, 1);

            assertThatThrownBy(() -> whole(client, POST).block(WAIT))
                    .isInstanceOf(DecoderException.class);
        }
    }

    @Test
    void oversizedBodyClosesConnection() throws Exception {
        try (ScriptedServer server = new ScriptedServer((connection, request, out) -> {
            respond(out, "x".repeat(1000));
            return true;
        })) {
            LoopClient client = client(server, 1);

            assertThatThrownBy(() -> client.exchange(POST, () -> new HttpExchanger.Aggregate(100))
                    .block(WAIT)).isInstanceOf(BodyTooLargeException.class);
            waitFor(() -> server.connectionsEnded() == 1, WAIT);
        }
    }

    @Test
    void cancelMidBodyClosesConnection() throws Exception {
        CountDownLatch headSent = new CountDownLatch(1);
        try (ScriptedServer server = new ScriptedServer((connection, request, out) -> {
            write(out, "HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\nfirst part");
            headSent.countDown();
            // The server then waits for a next request, and reads the end of the stream.
            return true;
        })) {
            LoopClient client = client(server, 1);

            Disposable request = whole(client, POST).subscribe();
            assertThat(headSent.await(10, TimeUnit.SECONDS)).isTrue();
            request.dispose();

            waitFor(() -> server.connectionsEnded() == 1, WAIT);
        }
    }

    @Test
    void earlyValueKeepsConnectionWhenBodyEnds() throws Exception {
        try (ScriptedServer server = new ScriptedServer((connection, request, out) -> {
            write(out, "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n5\r\nfirst\r\n");
            sleep(5);
            write(out, "4\r\nmore\r\n0\r\n\r\n");
            return true;
        })) {
            LoopClient client = client(server, 1);

            for (int i = 0; i < 3; i++) {
                assertThat(client.exchange(POST, FirstPart::new).block(WAIT)).isEqualTo("first");
            }

            assertThat(server.connections()).isEqualTo(1);
        }
    }

    @Test
    void earlyValueClosesConnectionWhenBodyContinues() throws Exception {
        long late = Exchange.DRAIN_LIMIT.toMillis() * 5;
        try (ScriptedServer server = new ScriptedServer((connection, request, out) -> {
            write(out, "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n5\r\nfirst\r\n");
            sleep(late);
            write(out, "4\r\nmore\r\n0\r\n\r\n");
            return true;
        })) {
            LoopClient client = client(server, 1);

            for (int i = 0; i < 2; i++) {
                assertThat(client.exchange(POST, FirstPart::new).block(WAIT)).isEqualTo("first");
            }

            assertThat(server.connections()).isEqualTo(2);
        }
    }

    @Test
    void refusedConnectionFails() throws Exception {
        int port;
        try (ServerSocket unused = new ServerSocket(0)) {
            port = unused.getLocalPort();
        }
        clients = new LoopClients(1, 1, HttpTarget.of("http://127.0.0.1:" + port, Map.of(),
                false), Duration.ofSeconds(5));

        assertThatThrownBy(() -> whole(clients.pick(), POST).block(WAIT))
                .hasCauseInstanceOf(ConnectException.class);
    }

    @Test
    void refusedAddressTriesNextAddress() throws Exception {
        try (ScriptedServer server = new ScriptedServer((connection, request, out) -> {
            respond(out, "{}");
            return true;
        })) {
            int port = Integer.parseInt(server.url().substring(server.url().lastIndexOf(':') + 1));
            // The server listens on 127.0.0.1 only, so 127.0.0.2 refuses.
            InetAddress[] addresses = {InetAddress.getByName("127.0.0.2"),
                    InetAddress.getByName("127.0.0.1")};
            clients = new LoopClients(1, 1, HttpTarget.of("http://dual.test:" + port, Map.of(),
                    false).withResolver(host -> addresses), Duration.ofSeconds(5));

            assertThat(text(whole(clients.pick(), POST).block(WAIT))).isEqualTo("{}");
            assertThat(text(whole(clients.pick(), POST).block(WAIT))).isEqualTo("{}");
            assertThat(server.connections()).isEqualTo(1);
        }
    }

    @Test
    void unknownHostFails() {
        clients = new LoopClients(1, 1, HttpTarget.of("http://nowhere.test:8000", Map.of(),
                false).withResolver(host -> {
                    throw new UnknownHostException(host);
                }), Duration.ofSeconds(5));

        assertThatThrownBy(() -> whole(clients.pick(), POST).block(WAIT))
                .hasCauseInstanceOf(UnknownHostException.class);
    }

    private LoopClient client(ScriptedServer server, int maxConnections) {
        clients = new LoopClients(1, maxConnections, HttpTarget.of(server.url(), Map.of(), false),
                Duration.ofSeconds(5));
        return clients.pick();
    }

    private static Mono<HttpResponseData> whole(LoopClient client, HttpRequestSpec request) {
        return client.exchange(request, () -> new HttpExchanger.Aggregate(1 << 20));
    }

    private static String text(@Nullable HttpResponseData response) {
        assertThat(response).isNotNull();
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    private static void waitFor(BooleanSupplier condition, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited %s", limit).isLessThan(deadline);
            sleep(10);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Returns the first part of the body as the value, before the body ends. */
    private static final class FirstPart implements ResponseConsumer<String> {
        @Override
        public void head(HttpResponse response) {
        }

        @Override
        public @Nullable String content(ByteBuf content) {
            return content.isReadable() ? content.toString(StandardCharsets.UTF_8) : null;
        }

        @Override
        public String end() {
            return "";
        }
    }
}
