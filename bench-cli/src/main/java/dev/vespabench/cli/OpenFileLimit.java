package dev.vespabench.cli;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.OptionalLong;

import com.sun.management.UnixOperatingSystemMXBean;

/**
 * The process's limit on open files, which bounds the requests in flight: each uses a
 * connection, and a connection is a file descriptor. Past the limit new connections fail in
 * the client with "too many open files", which would be counted as the server's failures.
 */
final class OpenFileLimit {

    /** Descriptors kept for the JVM's own files, the logs and the cache. */
    static final long RESERVED = 64;

    private OpenFileLimit() {
    }

    /**
     * Rejects a load that needs more connections than the process may open.
     *
     * @param option the option that sets the number of requests in flight, for the message
     * @param inFlight the most requests in flight
     * @param filesPerRequest the descriptors each request holds: 1, or 2 when the server
     *        runs in this process too
     * @throws UsageException naming the option, the limit and the fix
     */
    static void check(String option, int inFlight, int filesPerRequest) {
        OptionalLong limit = limit();
        long needed = (long) inFlight * filesPerRequest + RESERVED;
        if (limit.isPresent() && needed > limit.getAsLong()) {
            throw new UsageException(option + " " + inFlight + " needs " + needed + " open"
                    + " files (one per connection), but this process may open only "
                    + limit.getAsLong() + "; raise the limit (ulimit -n " + needed
                    + ") or lower " + option);
        }
    }

    private static OptionalLong limit() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof UnixOperatingSystemMXBean unix && unix.getMaxFileDescriptorCount() > 0) {
            return OptionalLong.of(unix.getMaxFileDescriptorCount());
        }
        return OptionalLong.empty();
    }
}
