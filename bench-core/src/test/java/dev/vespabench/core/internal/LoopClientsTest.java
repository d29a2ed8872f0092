package dev.vespabench.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.vespabench.core.internal.LoopClients.LoopClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LoopClientsTest {

    private final LoopClients clients = new LoopClients(2, 8,
            HttpTarget.of("http://127.0.0.1:9", Map.of(), false), Duration.ofSeconds(1));

    @AfterEach
    void stopLoops() {
        clients.disposeLater().block(Duration.ofSeconds(15));
    }

    @Test
    void requestsStartedOffLoopsSpread() {
        for (int i = 0; i < 4; i++) {
            clients.pick().inFlight().incrementAndGet();
        }

        List<LoopClient> both = List.of(clients.pick(), other(clients.pick()));
        assertThat(both.get(0).inFlight()).hasValue(2);
        assertThat(both.get(1).inFlight()).hasValue(2);
    }

    @Test
    void loopWithinItsShareKeepsRequest() throws Exception {
        LoopClient first = clients.pick();
        first.inFlight().incrementAndGet();
        other(first).inFlight().incrementAndGet();

        LoopClient picked = pickOn(first);

        assertThat(picked).isSameAs(first);
    }

    @Test
    void loopAboveItsShareHandsRequestOn() throws Exception {
        LoopClient first = clients.pick();
        first.inFlight().addAndGet(2);

        LoopClient picked = pickOn(first);

        assertThat(picked).isSameAs(other(first));
    }

    private LoopClient pickOn(LoopClient client) throws Exception {
        CompletableFuture<LoopClient> picked = new CompletableFuture<>();
        client.loop().execute(() -> picked.complete(clients.pick()));
        return picked.get(10, TimeUnit.SECONDS);
    }

    /** Returns the client of the other loop: the one picked while this one looks loaded. */
    private LoopClient other(LoopClient client) {
        client.inFlight().addAndGet(1_000);
        LoopClient other = clients.pick();
        client.inFlight().addAndGet(-1_000);
        return other;
    }
}
