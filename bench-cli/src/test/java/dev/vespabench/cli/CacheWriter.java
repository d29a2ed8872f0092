package dev.vespabench.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.vespabench.core.ResultCache;

/**
 * A program for {@link CacheWriteFailureTest} that writes two large cache entries in turn,
 * under the cache lock, until it is killed or a minute has passed.
 */
final class CacheWriter {

    static final double FIRST = 111.5;
    static final double SECOND = 222.5;
    static final int WRITES_BEFORE_KILL = 20;

    private static final long RUN_NANOS = 60_000_000_000L;

    private CacheWriter() {
    }

    /**
     * Writes the cache file named by the first argument over and over, printing a line after
     * each write.
     *
     * @param args the cache file
     */
    public static void main(String[] args) {
        ResultCache cache = ResultCache.at(Path.of(args[0]));
        long end = System.nanoTime() + RUN_NANOS;
        for (long i = 0; System.nanoTime() < end; i++) {
            double value = i % 2 == 0 ? FIRST : SECOND;
            try (ResultCache.Lock lock = cache.lock(() -> { })) {
                cache.write(value, fingerprintOf(value));
            }
            System.out.println("wrote " + i);
            System.out.flush();
        }
    }

    /**
     * Returns the fingerprint written with a value: about 40 KB, so that a kill can land while
     * the temporary file is only partly written.
     */
    static Map<String, String> fingerprintOf(double value) {
        Map<String, String> fingerprint = new LinkedHashMap<>();
        fingerprint.put("value", Double.toString(value));
        fingerprint.put("padding", (value == FIRST ? "a" : "b").repeat(40_000));
        fingerprint.put("end", "true");
        return fingerprint;
    }

    /** Reads one line of the writer's output, or returns null at its end. */
    static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
            }
            line.write(b);
        }
        return line.toString(StandardCharsets.UTF_8);
    }
}
