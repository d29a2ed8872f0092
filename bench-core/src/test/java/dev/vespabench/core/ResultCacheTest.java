package dev.vespabench.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultCacheTest {

    @TempDir
    Path dir;

    @Test
    void firstLineIsBareNumberForOldReaders() throws Exception {
        ResultCache cache = ResultCache.at(dir.resolve(".has_benchmark"));

        cache.write(1234.56789, Map.of("backend", "openai"));

        assertThat(Files.readAllLines(cache.file())).containsExactly("1234.568", "backend=openai");
        assertThat(Double.parseDouble(Files.readAllLines(cache.file()).get(0))).isEqualTo(1234.568);
    }

    @Test
    void writtenEntryReadsBack() {
        ResultCache cache = ResultCache.at(dir.resolve("sub/cache"));

        cache.write(42, Map.of("model", "m"));

        ResultCache.Entry entry = cache.read().orElseThrow();
        assertThat(entry.value()).isEqualTo(42.0);
        assertThat(entry.fingerprint()).containsEntry("model", "m");
    }

    @Test
    void linkedCacheWritesItsTarget() throws Exception {
        Path volume = Files.createDirectories(dir.resolve("volume"));
        Path link = Files.createSymbolicLink(dir.resolve("cache"), Path.of("volume/figure"));
        ResultCache cache = ResultCache.at(link);

        cache.write(42, Map.of("model", "m"));

        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readAllLines(volume.resolve("figure"))).startsWith("42");
        assertThat(cache.read().orElseThrow().value()).isEqualTo(42.0);
    }

    @Test
    void pipeIsNotACache() throws Exception {
        Path pipe = dir.resolve("pipe");
        assertThat(new ProcessBuilder("mkfifo", pipe.toString()).start().waitFor()).isZero();
        ResultCache cache = ResultCache.at(pipe);

        assertThatThrownBy(cache::read).hasMessageContaining("is a pipe or a device");
    }

    @Test
    void missingFileReadsEmpty() {
        assertThat(ResultCache.at(dir.resolve("none")).read()).isEmpty();
    }

    @Test
    void oldFormatWithOnlyNumberIsRead() throws Exception {
        Path file = dir.resolve("old");
        Files.writeString(file, "812.5\n");

        assertThat(ResultCache.at(file).read().orElseThrow().value()).isEqualTo(812.5);
    }

    @Test
    void corruptFileIsReportedNotTrusted() throws Exception {
        Path file = dir.resolve("bad");
        Files.writeString(file, "not a number\n");

        assertThatThrownBy(() -> ResultCache.at(file).read())
                .isInstanceOf(ResultCache.CacheException.class)
                .hasMessageContaining("does not start with a number: 'not a number'");
    }

    @Test
    void negativeOrEmptyFileIsRejected() throws Exception {
        Path negative = dir.resolve("neg");
        Files.writeString(negative, "-3\n");
        Path empty = dir.resolve("empty");
        Files.writeString(empty, "");

        assertThatThrownBy(() -> ResultCache.at(negative).read())
                .hasMessageContaining("not a positive finite throughput");
        assertThatThrownBy(() -> ResultCache.at(empty).read()).hasMessageContaining("is empty");
    }

    @Test
    void writeLeavesNoTemporaryFiles() throws Exception {
        ResultCache cache = ResultCache.at(dir.resolve(".has_benchmark"));

        cache.write(1, Map.of());
        cache.write(2, Map.of());

        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(cache.file());
        }
    }

    @Test
    void lockExcludesSecondHolderUntilReleased() throws Exception {
        ResultCache cache = ResultCache.at(dir.resolve(".has_benchmark"));
        java.util.concurrent.CountDownLatch waiting = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean acquired =
                new java.util.concurrent.atomic.AtomicBoolean();

        Thread second;
        try (ResultCache.Lock first = cache.lock(() -> { })) {
            second = new Thread(() -> {
                try (ResultCache.Lock lock = cache.lock(waiting::countDown)) {
                    acquired.set(true);
                }
            });
            second.start();
            assertThat(waiting.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(acquired).isFalse();
        }
        second.join(5000);

        assertThat(acquired).isTrue();
    }
}
