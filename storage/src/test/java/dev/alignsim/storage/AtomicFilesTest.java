package dev.alignsim.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    private List<String> names() throws IOException {
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void shouldLeaveNoFileWhenWritingFailsHalfway() throws IOException {
        Path target = dir.resolve("export.csv");

        assertThrows(IOException.class, () -> AtomicFiles.write(target, false, out -> {
            out.write("half a row,".getBytes(StandardCharsets.UTF_8));
            throw new IOException("disk full");
        }));

        assertEquals(List.of(), names());
    }

    @Test
    void shouldWriteTheWholeContentUnderTheTargetNameWhenWritingSucceeds() throws IOException {
        Path target = dir.resolve("export.csv");

        AtomicFiles.write(target, false, out -> out.write("a,b\n".getBytes(StandardCharsets.UTF_8)));

        assertEquals(List.of("export.csv"), names());
        assertEquals("a,b\n", Files.readString(target));
    }

    @Test
    void shouldRefuseToReplaceAnExistingFileWhenAskedNotTo() throws IOException {
        Path target = Files.writeString(dir.resolve("export.csv"), "keep");

        assertThrows(FileAlreadyExistsException.class, () -> AtomicFiles.write(target, false, out -> out.write(1)));

        assertEquals("keep", Files.readString(target));
        assertEquals(List.of("export.csv"), names());
    }
}
