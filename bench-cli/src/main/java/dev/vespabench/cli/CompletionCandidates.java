package dev.vespabench.cli;

import java.util.Iterator;
import java.util.List;

import dev.vespabench.api.BackendProvider;
import dev.vespabench.core.Backends;
import dev.vespabench.core.Strategies;

/**
 * Values that the shell completion script offers for options and parameters. picocli creates
 * each class whenever it builds the command model, so the work is left to the iterators, which
 * run when the script is written.
 *
 * <p>NOTE: picocli 4.7 names each list of values in the script after the parameter label, so
 * two options of one command with candidates must not share a label, or one list hides the
 * other.
 */
final class CompletionCandidates {

    private CompletionCandidates() {
    }

    /** The backend names on the class path, as {@code vespa-bench list} prints them. */
    static final class BackendNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Backends.load().all().stream().map(BackendProvider::name).iterator();
        }
    }

    /** The backends that the demo simulator serves. */
    static final class DemoBackends implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return List.of("openai", "openai-chat").iterator();
        }
    }

    /** The load strategies. */
    static final class StrategyNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Strategies.NAMES.iterator();
        }
    }

    /** The arrival processes of the rate strategy. */
    static final class ArrivalKinds implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return List.of("constant", "poisson").iterator();
        }
    }
}
