package dev.vespabench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path dir;

    @Test
    void linkIsFollowedNotReplaced() throws Exception {
        Path target = Files.writeString(dir.resolve("target.json"), "old");
        Path link = Files.createSymbolicLink(dir.resolve("link.json"), target.getFileName());

        AtomicFiles.write(link, "new");

        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(target)).isEqualTo("new");
    }

    @Test
    void danglingLinkCreatesItsTarget() throws Exception {
        Files.createDirectories(dir.resolve("sub"));
        Path link = Files.createSymbolicLink(dir.resolve("link.json"), Path.of("sub/new.json"));

        AtomicFiles.write(link, "new");

        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(dir.resolve("sub/new.json"))).isEqualTo("new");
    }

    @Test
    void pipeIsWrittenInPlace() throws Exception {
        Path pipe = dir.resolve("pipe.json");
        assertThat(new ProcessBuilder("mkfifo", pipe.toString()).start().waitFor()).isZero();
        CompletableFuture<String> read = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(Files.readAllBytes(pipe), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });

        AtomicFiles.write(pipe, "through the pipe");

        assertThat(read.get(10, TimeUnit.SECONDS)).isEqualTo("through the pipe");
        assertThat(Files.isRegularFile(pipe)).isFalse();
    }
}
