package dev.alignsim.app.report;

import dev.alignsim.app.cli.InvalidArgumentException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a report whole or not at all: into a temporary file beside the target, then renamed over it, so a reader
 * (or a browser reloading) never sees half a page and a failure leaves no partial file.
 */
final class ReportFile {
    private ReportFile() {}

    /** Refuses, before any work is done, a target that cannot be written: naming it and why (exit code 2). */
    static void checkWritable(Path target) {
        Path absolute = target.toAbsolutePath().normalize();
        if (Files.isDirectory(absolute)) {
            throw new InvalidArgumentException("cannot write the report to " + target + ": it is a directory; give a file name such as "
                    + target.resolve("report.html"));
        }
        Path parent = absolute.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new InvalidArgumentException("cannot write the report to " + target + ": " + parent + " is not an existing directory");
        }
        if (!Files.isWritable(parent)) {
            throw new InvalidArgumentException("cannot write the report to " + target + ": " + parent + " is not writable");
        }
    }

    static void write(Path target, String html) {
        checkWritable(target);
        Path absolute = target.toAbsolutePath().normalize();
        Path temporary = null;
        try {
            // Not Files.createTempFile, which makes the file readable by its owner only; a report is as readable as the run.
            temporary = absolute.resolveSibling("." + absolute.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
            Files.writeString(temporary, html, StandardCharsets.UTF_8);
            try {
                Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            deleteQuietly(temporary);
            throw new InvalidArgumentException("cannot write the report to " + target + ": " + e, e);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // The write already failed; that failure is the one to report.
        }
    }
}
