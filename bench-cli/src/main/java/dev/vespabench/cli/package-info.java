/** The vespa-bench command-line tool: one picocli command class per subcommand. */
@NullMarked
package dev.vespabench.cli;

import org.jspecify.annotations.NullMarked;
