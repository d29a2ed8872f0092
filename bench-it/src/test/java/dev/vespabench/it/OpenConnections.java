package dev.vespabench.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vespabench.sim.SimulatedServer;

/** Bounded waits on the simulator's hung connections. */
final class OpenConnections {

    private static final long WAIT_MILLIS = 5_000;

    private OpenConnections() {
    }

    /** Waits up to 5 s until no hung request keeps a connection open. */
    static void awaitNoHangs(SimulatedServer server) {
        long deadline = System.nanoTime() + WAIT_MILLIS * 1_000_000;
        while (server.openHangs() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        assertThat(server.openHangs()).as("hung connections still open").isZero();
    }
}
