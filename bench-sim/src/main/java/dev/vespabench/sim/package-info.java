/**
 * Simulated inference servers whose throughput is known analytically.
 *
 * <p>{@link dev.vespabench.sim.Simulator#start(dev.vespabench.sim.SimulatorConfig)} starts an
 * OpenAI-compatible server on Reactor Netty. Behind it, a continuous-batching model decodes one
 * token for each active sequence per step, and a step with {@code n} active sequences takes
 * {@code base + k*n} milliseconds. The server reports the throughput that this model predicts,
 * so tests can hold a measured figure against it.
 */
@NullMarked
package dev.vespabench.sim;

import org.jspecify.annotations.NullMarked;
