package dev.vespabench.core.internal;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/** Descriptions of file system errors for messages to people. */
public final class FileErrors {

    private FileErrors() {
    }

    /**
     * Describes a file system error by its cause, such as "permission denied", rather than by
     * the bare path that many of these exceptions carry as their message.
     *
     * @param e the error
     * @return the description
     */
    public static String describe(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
