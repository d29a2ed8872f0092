/**
 * Test support for backends, used by their tests in test scope.
 *
 * <p>{@link dev.vespabench.testkit.BackendContractTest} is the contract every backend keeps with
 * the engine, as JUnit 5 tests that a backend's test class inherits by extending it.
 * {@link dev.vespabench.testkit.Samples} loads the recorded server responses that a module keeps
 * under {@code src/test/resources/samples}.
 */
@NullMarked
package dev.vespabench.testkit;

import org.jspecify.annotations.NullMarked;
