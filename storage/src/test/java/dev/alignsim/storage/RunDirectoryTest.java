package dev.alignsim.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunDirectoryTest {

    @TempDir
    Path dir;

    @Test
    void shouldCreateWeightsDirectoryWhenRootDoesNotExist() {
        Path root = dir.resolve("runs").resolve("a");

        RunDirectory run = RunDirectory.createNew(root);

        assertEquals(root, run.root());
        assertTrue(Files.isDirectory(root.resolve(RunDirectory.WEIGHTS)));
    }

    @Test
    void shouldAcceptEmptyExistingDirectoryWhenItHoldsNoRun() {
        RunDirectory run = RunDirectory.createNew(dir);

        assertTrue(Files.isDirectory(run.root().resolve("weights")));
    }

    @Test
    void shouldRefuseDirectoryNamingItWhenMetricsExist() throws IOException {
        Files.writeString(dir.resolve("metrics.jsonl"), "{\"iteration\":1}\n");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunDirectory.createNew(dir));

        assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
    }

    @Test
    void shouldRefuseDirectoryNamingItWhenConfigExists() throws IOException {
        Files.writeString(dir.resolve("config.conf"), "alignsim { seed = 3 }\n");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunDirectory.createNew(dir));

        assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
    }

    @Test
    void shouldLeaveExistingFilesUnchangedWhenRefusingDirectory() throws IOException {
        byte[] metrics = "{\"iteration\":1}\n{\"iteration\":2}\n".getBytes(StandardCharsets.UTF_8);
        byte[] config = "alignsim { seed = 3 }\n".getBytes(StandardCharsets.UTF_8);
        Files.write(dir.resolve("metrics.jsonl"), metrics);
        Files.write(dir.resolve("config.conf"), config);

        assertThrows(IllegalArgumentException.class, () -> RunDirectory.createNew(dir));

        assertArrayEquals(metrics, Files.readAllBytes(dir.resolve("metrics.jsonl")));
        assertArrayEquals(config, Files.readAllBytes(dir.resolve("config.conf")));
        assertTrue(Files.notExists(dir.resolve("weights")));
    }

    @Test
    void shouldRefusePathWhenItIsRegularFile() throws IOException {
        Path file = dir.resolve("not-a-dir");
        Files.writeString(file, "hello");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunDirectory.createNew(file));

        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertEquals("hello", Files.readString(file));
    }

    @Test
    void shouldWriteConfigAndMetricsIntoRootWhenUsed() throws IOException {
        RunDirectory run = RunDirectory.createNew(dir.resolve("r"));

        run.writeConfig("alignsim { seed = 1 }\n");
        try (MetricsLog log = run.openMetrics()) {
            log.append(Map.of("iteration", 1));
        }

        assertEquals("alignsim { seed = 1 }\n", Files.readString(dir.resolve("r/config.conf")));
        assertEquals(dir.resolve("r/metrics.jsonl"), run.metricsPath());
        assertEquals(List.of("{\"iteration\":1}"), Files.readAllLines(run.metricsPath()));
    }

    @Test
    void shouldWriteReadableWeightsUnderWeightsDirectoryWhenNamed() {
        RunDirectory run = RunDirectory.createNew(dir.resolve("r"));

        Path written = run.writeWeights("policy", List.of(new StoredTensor("w0", new int[] {1}, new float[] {2f})));

        assertEquals(dir.resolve("r/weights/policy.bin"), written);
        List<StoredTensor> read = TensorFile.read(written);
        assertEquals("w0", read.get(0).name());
        assertArrayEquals(new float[] {2f}, read.get(0).values());
    }

    @Test
    void shouldRefuseDirectoryNamingAFileWhenItHoldsFilesThatAreNotARun() throws IOException {
        Files.writeString(dir.resolve("notes.txt"), "mine");

        InvalidRunDirectoryException e = assertThrows(InvalidRunDirectoryException.class, () -> RunDirectory.createNew(dir));

        assertTrue(e.getMessage().contains("not empty") && e.getMessage().contains("notes.txt"), e.getMessage());
        assertEquals(List.of(dir.resolve("notes.txt")), Files.list(dir).toList());
    }

    @Test
    void shouldRefuseDirectoryWhenItHoldsOnlyAStore() throws IOException {
        Files.createDirectories(dir.resolve("store"));

        InvalidRunDirectoryException e = assertThrows(InvalidRunDirectoryException.class, () -> RunDirectory.createNew(dir));

        assertTrue(e.getMessage().contains("already holds a run"), e.getMessage());
    }

    @Test
    void shouldCreateNothingWhenOnlyChecked() {
        Path root = dir.resolve("a").resolve("b");

        RunDirectory.checkNew(root);

        assertTrue(Files.notExists(dir.resolve("a")));
    }

    @Test
    void shouldRefusePathUnderAFileWithoutCreatingAnything() throws IOException {
        Files.writeString(dir.resolve("f"), "x");

        assertThrows(InvalidRunDirectoryException.class, () -> RunDirectory.createNew(dir.resolve("f").resolve("run")));

        assertEquals("x", Files.readString(dir.resolve("f")));
    }

    @Test
    void shouldRemoveTheParentsItCreatedWhenDiscarded() throws IOException {
        RunDirectory run = RunDirectory.createNew(dir.resolve("runs").resolve("a"));
        run.writeConfig("alignsim { seed = 1 }\n");

        run.discard();

        assertTrue(Files.notExists(dir.resolve("runs")));
    }

    @Test
    void shouldKeepAnExistingEmptyRootWhenDiscarded() throws IOException {
        RunDirectory run = RunDirectory.createNew(dir);
        run.writeConfig("alignsim { seed = 1 }\n");

        run.discard();

        assertTrue(Files.isDirectory(dir));
        assertEquals(0, Files.list(dir).count());
    }

    @Test
    void shouldLeaveNoTemporaryFileWhenConfigIsWritten() throws IOException {
        RunDirectory run = RunDirectory.createNew(dir.resolve("r"));

        run.writeConfig("alignsim { seed = 1 }\n");

        assertEquals(List.of("config.conf", "weights"), Files.list(dir.resolve("r")).map(p -> p.getFileName().toString()).sorted().toList());
    }
}
