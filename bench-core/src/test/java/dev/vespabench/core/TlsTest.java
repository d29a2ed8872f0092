package dev.vespabench.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

class TlsTest {

    private static DisposableServer server;

    @BeforeAll
    static void startHttpsServer() throws Exception {
        SelfSignedCertificate certificate = new SelfSignedCertificate("localhost");
        SslContext context = SslContextBuilder
                .forServer(certificate.certificate(), certificate.privateKey()).build();
        server = HttpServer.create().host("127.0.0.1").port(0)
                .secure(spec -> spec.sslContext(context))
                .route(routes -> routes
                        .get("/health", (req, res) -> res.send())
                        .post("/work", (req, res) -> res.sendString(Mono.just("{\"work\": 4}"))))
                .bindNow(Duration.ofSeconds(5));
    }

    @AfterAll
    static void stopServer() {
        server.disposeNow(Duration.ofSeconds(5));
    }

    @Test
    void selfSignedCertificateIsRejectedByDefault() {
        BenchmarkSettings settings = BenchmarkSettings.builder(url()).warmup(false).runs(1)
                .concurrency(1).startupTimeout(Duration.ofMillis(800))
                .healthInterval(Duration.ofMillis(100)).build();

        BenchmarkResult result = Benchmark.builder(new TestBackend(false)).settings(settings)
                .build().result().block(Duration.ofSeconds(10));

        assertThat(result.measured()).isFalse();
        assertThat(result.reason()).contains("TLS handshake failed", "--insecure");
    }

    @Test
    void insecureAcceptsSelfSignedCertificate() {
        BenchmarkSettings settings = BenchmarkSettings.builder(url()).warmup(false).runs(1)
                .concurrency(2).insecure(true).build();

        BenchmarkResult result = Benchmark.builder(new TestBackend(false)).settings(settings)
                .build().result().block(Duration.ofSeconds(10));

        assertThat(result.measured()).isTrue();
        assertThat(result.runs().get(0).workload()).isEqualTo(8.0);
    }

    private static String url() {
        return "https://127.0.0.1:" + server.port();
    }
}
