package dev.alignsim.app.cli;

import dev.alignsim.storage.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A file a command writes for the user ({@code export --out}): checked before any work (a new file, in a directory
 * that exists and can be written), then written whole under a temporary name and renamed, so that a failure leaves
 * no partial file to block the retry.
 */
final class OutputFile {
    private OutputFile() {}

    /** Refuses, naming {@code option}, a path that exists, is a directory or cannot be written. */
    static void checkNew(String option, Path out) {
        if (Files.isDirectory(out)) {
            throw new InvalidArgumentException(option + " " + out + " is a directory; expected a new file, e.g. "
                    + out.resolve("export.jsonl"));
        }
        if (Files.exists(out)) {
            throw new InvalidArgumentException(option + " " + out + " already exists; expected a new file (alignsim never overwrites one)");
        }
        Path parent = out.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new InvalidArgumentException(option + " " + out + ": " + parent + " is not a directory; expected a file in an existing "
                    + "directory");
        }
        try {
            // The real test of "can be written": make (and remove) a file there, as the write will.
            Files.delete(Files.createTempFile(parent, ".alignsim-output", ".tmp"));
        } catch (IOException e) {
            throw new InvalidArgumentException(option + " " + out + ": cannot write in " + parent + " (" + e.getMessage() + "); expected "
                    + "a file in a directory you may write in");
        }
    }

    static void write(Path out, AtomicFiles.Writing writing) throws IOException {
        AtomicFiles.write(out, false, writing);
    }
}
