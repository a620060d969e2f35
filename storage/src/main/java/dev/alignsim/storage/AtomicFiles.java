package dev.alignsim.storage;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Files written whole or not at all: the content goes to a temporary file beside the target, which is then renamed
 * into place. A failure (or a kill) never leaves a partial file under the target's name, so a retry is not blocked.
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** Writes one output. */
    @FunctionalInterface
    public interface Writing {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Writes {@code target}, replacing it if {@code replace}, else refusing an existing one. */
    public static void write(Path target, boolean replace, Writing writing) throws IOException {
        Path parent = target.toAbsolutePath().getParent();
        Path temporary = Files.createTempFile(parent, "." + target.getFileName(), ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(temporary)) {
                writing.writeTo(out);
            }
            if (!replace && Files.exists(target)) {
                throw new FileAlreadyExistsException(target.toString());
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** {@link #write}, with I/O errors unchecked and naming the target. */
    public static void replace(Path target, Writing writing) {
        try {
            write(target, true, writing);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }
}
