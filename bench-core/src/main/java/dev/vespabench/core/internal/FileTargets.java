package dev.vespabench.core.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Path checks for writes that replace a file. A file is replaced by writing a temporary file
 * beside it and renaming that over it, and a rename over a symbolic link replaces the link
 * itself. So a write follows links to the file they point to, and writes a pipe or a device
 * in place.
 */
public final class FileTargets {

    /** The maximum number of links followed before a loop of links is reported, as on Linux. */
    private static final int MAX_LINKS = 40;

    private FileTargets() {
    }

    /**
     * Returns the file that a path's chain of symbolic links ends at, which need not exist.
     *
     * @param file the path, absolute or relative
     * @return the absolute path of the final file
     * @throws IOException when a link cannot be read or the links form a loop
     */
    public static Path followLinks(Path file) throws IOException {
        Path current = file.toAbsolutePath();
        for (int i = 0; i < MAX_LINKS; i++) {
            if (!Files.isSymbolicLink(current)) {
                return current;
            }
            Path link = Files.readSymbolicLink(current);
            current = current.resolveSibling(link).normalize();
        }
        throw new IOException("too many levels of symbolic links from " + file);
    }

    /**
     * Returns whether a path names something that exists and is not a regular file, such as a
     * pipe or a device, which is written in place rather than replaced. The system follows
     * the path's links, including links such as /dev/stdout whose target is not a path.
     *
     * @param file the path
     * @return true for a pipe, a device or a socket
     */
    public static boolean isSpecial(Path file) {
        return Files.exists(file) && !Files.isRegularFile(file) && !Files.isDirectory(file);
    }
}
