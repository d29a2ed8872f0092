package dev.vespabench.core;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

import dev.vespabench.core.internal.FileErrors;
import dev.vespabench.core.internal.FileTargets;
import org.jspecify.annotations.Nullable;

/**
 * The benchmark result cache file. Line 1 holds the figure as a bare decimal number, which is
 * all that readers of the old format take; later lines hold {@code key=value} pairs describing
 * what produced it. Writes go to a temporary file in the same directory that is then renamed
 * over the cache, so a crash leaves either the old file or the new one, never half of one.
 */
public final class ResultCache {

    /** The cache file name used when neither an option nor the environment names one. */
    public static final String DEFAULT_FILE = ".has_benchmark";

    /** The environment variable that names the cache file. */
    public static final String FILE_VARIABLE = "VESPA_BENCHMARK_CACHE_FILE";

    /** The largest cache file read; anything longer is not a cache file. */
    private static final long MAX_BYTES = 64 * 1024;

    /** Locks held in this JVM by lock file; a {@link FileLock} excludes other processes only. */
    private static final Map<String, ReentrantLock> LOCAL_LOCKS = new ConcurrentHashMap<>();

    private final Path file;

    private ResultCache(Path file) {
        this.file = file;
    }

    /**
     * Creates a cache at the given file.
     *
     * @param file the file
     * @return the cache
     */
    public static ResultCache at(Path file) {
        return new ResultCache(Objects.requireNonNull(file, "file"));
    }

    /**
     * Returns the cache file's path.
     *
     * @return the path
     */
    public Path file() {
        return file;
    }

    /**
     * Reads the cached entry.
     *
     * @return the entry, or empty when the file does not exist
     * @throws CacheException naming the file and the problem when it exists but is not a valid
     *         cache file
     */
    public Optional<Entry> read() {
        byte[] bytes;
        try {
            if (Files.isDirectory(file)) {
                throw new CacheException("cache file " + file + " is a directory", false);
            }
            if (FileTargets.isSpecial(file)) {
                // Reading a pipe would wait for a writer, and a rename would replace it.
                throw new CacheException("cache file " + file + " is a pipe or a device, not a"
                        + " regular file", false);
            }
            if (Files.size(file) > MAX_BYTES) {
                throw new CacheException("cache file " + file + " is larger than " + MAX_BYTES
                        + " bytes, so it is not a benchmark cache", false);
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new CacheException("cache file " + file + " could not be read: "
                    + FileErrors.describe(e), false);
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new CacheException("cache file " + file + " is not UTF-8 text, so it is not a"
                    + " benchmark cache", false);
        }
        return Optional.of(parse(text));
    }

    /**
     * Writes an entry atomically, replacing the file.
     *
     * @param value the figure, a finite positive number
     * @param fingerprint what produced the figure, written as {@code key=value} lines
     * @throws CacheException naming the file when it cannot be written
     */
    public void write(double value, Map<String, String> fingerprint) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("cached value must be finite and positive, got "
                    + value);
        }
        StringBuilder text = new StringBuilder(format(value)).append('\n');
        fingerprint.forEach((key, val) -> text.append(clean(key)).append('=').append(clean(val))
                .append('\n'));
        Path temporary = null;
        try {
            // A link is followed, so that the rename replaces the file it points to.
            Path target = FileTargets.followLinks(file);
            Path directory = target.getParent();
            Files.createDirectories(directory);
            temporary = Files.createTempFile(directory, target.getFileName().toString(), ".tmp");
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                // One write may store only part of the buffer, for example at a file size
                // limit, and only the next one reports the error.
                ByteBuffer bytes = StandardCharsets.UTF_8.encode(text.toString());
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new CacheException("cache file " + file + " could not be written: "
                    + FileErrors.describe(e), false);
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException ignored) {
                    // The rename succeeded or the write failed; either way there is nothing to undo.
                }
            }
        }
    }

    /**
     * Takes the cache's lock, waiting while another process or thread holds it. Holding the lock
     * around read, measure and write keeps two benchmarks from measuring the same backend at
     * once and from overwriting each other's figure. The lock is a {@link FileLock} on a
     * sibling file named like the cache plus {@code .lock}, so it also works across processes.
     *
     * @param onWait called once before waiting when the lock is held elsewhere
     * @return the held lock; close it to release
     * @throws CacheException naming the lock file when it cannot be opened
     */
    public Lock lock(Runnable onWait) {
        Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
        String key = lockFile.toAbsolutePath().normalize().toString();
        ReentrantLock local = LOCAL_LOCKS.computeIfAbsent(key, k -> new ReentrantLock());
        if (!local.tryLock()) {
            onWait.run();
            local.lock();
        }
        FileChannel channel = null;
        try {
            Path directory = lockFile.toAbsolutePath().getParent();
            Files.createDirectories(directory);
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock held = channel.tryLock();
            if (held == null) {
                onWait.run();
                held = channel.lock();
            }
            return new Lock(channel, held, local);
        } catch (IOException e) {
            closeQuietly(channel);
            local.unlock();
            throw new CacheException("cache lock file " + lockFile + " could not be locked: "
                    + FileErrors.describe(e), false);
        }
    }

    /**
     * Formats a figure as the cache's first line: a plain decimal with up to three decimals.
     *
     * @param value the figure
     * @return the text
     */
    public static String format(double value) {
        return BigDecimal.valueOf(value).setScale(3, RoundingMode.HALF_UP).stripTrailingZeros()
                .toPlainString();
    }

    private static void closeQuietly(@Nullable FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Closing releases the lock; a failure here leaves nothing to clean up.
            }
        }
    }

    private Entry parse(String text) {
        List<String> lines = text.lines().toList();
        if (lines.isEmpty() || lines.get(0).isBlank()) {
            throw new CacheException("cache file " + file + " is empty", true);
        }
        String first = lines.get(0).trim();
        double value;
        try {
            value = Double.parseDouble(first);
        } catch (NumberFormatException e) {
            throw new CacheException("cache file " + file + " does not start with a number: '"
                    + abbreviate(first) + "'", true);
        }
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new CacheException("cache file " + file + " holds " + first
                    + ", not a positive finite throughput", true);
        }
        Map<String, String> fingerprint = new LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                fingerprint.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
            }
        }
        return new Entry(value, fingerprint);
    }

    private static String clean(String text) {
        return text.replace('\n', ' ').replace('\r', ' ');
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }

    /**
     * A cached figure and what produced it.
     *
     * @param value the figure
     * @param fingerprint the {@code key=value} lines after the first, empty for old files
     */
    public record Entry(double value, Map<String, String> fingerprint) {

        /** Creates an entry, copying the fingerprint. */
        public Entry {
            fingerprint = Map.copyOf(fingerprint);
        }
    }

    /** A held cache lock; closing it releases the lock for other processes and threads. */
    public static final class Lock implements AutoCloseable {
        private final FileChannel channel;
        private final FileLock held;
        private final ReentrantLock local;

        private Lock(FileChannel channel, FileLock held, ReentrantLock local) {
            this.channel = channel;
            this.held = held;
            this.local = local;
        }

        @Override
        public void close() {
            try {
                held.release();
            } catch (IOException ignored) {
                // Closing the channel below releases the lock as well.
            }
            closeQuietly(channel);
            local.unlock();
        }
    }

    /** A cache file that exists but cannot be read or written as one. */
    public static final class CacheException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private final boolean replaceable;

        CacheException(String message, boolean replaceable) {
            super(message);
            this.replaceable = replaceable;
        }

        /**
         * Returns whether the file looks like a damaged cache that a new figure may replace,
         * rather than something else: a directory, a large or binary file, or one that cannot
         * be read at all.
         *
         * @return true for an empty file or text that does not start with a valid figure
         */
        public boolean replaceable() {
            return replaceable;
        }
    }
}
