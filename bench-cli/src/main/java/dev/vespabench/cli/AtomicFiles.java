package dev.vespabench.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

import dev.vespabench.core.internal.FileTargets;

import org.jspecify.annotations.Nullable;

/**
 * Writes output files through a temporary file in the same directory and a rename, so that a
 * reader sees either the old file or the whole new one, never a part. A symbolic link is
 * followed to its file, and a pipe or a device is written in place.
 */
final class AtomicFiles {

    private AtomicFiles() {
    }

    /**
     * Replaces a file's content with text in UTF-8.
     *
     * @param file the file to write
     * @param text the content
     * @throws UncheckedIOException when the file cannot be written; the temporary file is
     *         deleted
     */
    static void write(Path file, String text) {
        @Nullable Path temporary = null;
        try {
            if (FileTargets.isSpecial(file)) {
                // A pipe or a device, such as /dev/stdout, is written in place.
                Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.WRITE);
                return;
            }
            // A link is followed, so that the rename replaces the file it points to.
            Path target = FileTargets.followLinks(file);
            temporary = Files.createTempFile(target.getParent(), "." + target.getFileName(),
                    ".tmp");
            Files.writeString(temporary, text, StandardCharsets.UTF_8);
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            deleteQuietly(temporary);
            throw new UncheckedIOException("failed to write " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Checks that a file can be created later, so that a long benchmark does not end with
     * nowhere to write its result.
     *
     * @param option the option that named the file, for the message
     * @param file the file
     * @throws UsageException when the path is empty, its directory is missing or not
     *         writable, or the file is a directory
     */
    static void checkWritable(String option, Path file) {
        // An empty path names the working directory, which the checks below would report as
        // a directory the user never named.
        if (file.toString().isEmpty()) {
            throw new UsageException("invalid " + option + " '': the path is empty; name a file");
        }
        Path parent = file.toAbsolutePath().getParent();
        if (Files.isDirectory(file)) {
            throw new UsageException("invalid " + option + " " + file + ": it is a directory;"
                    + " name a file");
        }
        if (parent == null || !Files.isDirectory(parent)) {
            throw new UsageException("invalid " + option + " " + file + ": directory " + parent
                    + " not found; create it first");
        }
        if (!Files.isWritable(parent)) {
            throw new UsageException("invalid " + option + " " + file + ": directory " + parent
                    + " is not writable");
        }
    }

    private static void deleteQuietly(@Nullable Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // The write already failed; that error is the one to report.
        }
    }
}
