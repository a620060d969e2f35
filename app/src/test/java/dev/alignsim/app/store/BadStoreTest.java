package dev.alignsim.app.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.alignsim.app.Main;
import dev.alignsim.storage.RunStore;
import dev.alignsim.storage.rocks.KeyCodec;
import dev.alignsim.storage.rocks.RecordKind;
import dev.alignsim.storage.rocks.RocksStore;
import dev.alignsim.storage.rocks.StoreOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each bad store refused by resume, inspect and export: the message names the path and the problem, the exit code
 * is 3, and no file under the run directory changes.
 */
class BadStoreTest {
    @TempDir
    static Path shared;
    private static Path finishedRun;

    @TempDir
    Path dir;

    private PrintStream originalOut;
    private PrintStream originalErr;
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeAll
    static void makeFinishedRun() {
        finishedRun = shared.resolve("finished");
        PrintStream out = System.out;
        try {
            System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            int exit = Main.execute("run", "--set", "env=CartPole-v1", "--set", "total_timesteps=2048", "--set", "storage.checkpoint_every=2",
                    "--no-progress", "--out", finishedRun.toString());
            assertEquals(0, exit);
        } finally {
            System.setOut(out);
        }
    }

    @BeforeEach
    void captureConsole() {
        originalOut = System.out;
        originalErr = System.err;
        System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreConsole() {
        System.setOut(originalOut);
        System.setErr(originalErr);
    }

    private Path copyOfFinishedRun() throws Exception {
        Path copy = dir.resolve("run");
        try (var walk = Files.walk(finishedRun)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path target = copy.resolve(finishedRun.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        return copy;
    }

    /** A copy of the finished run whose store claims the given schema version. */
    private Path runWithSchemaVersion(int version) throws Exception {
        Path run = copyOfFinishedRun();
        try (RocksStore rocks = RocksStore.open(run.resolve("store"), RocksStore.Mode.READ_WRITE, StoreOptions.defaults());
                RocksStore.Batch batch = rocks.batch()) {
            batch.put(RecordKind.META, KeyCodec.MetaKey.SCHEMA_VERSION.bytes(),
                    ByteBuffer.allocate(4).putInt(version).array()).commit();
        }
        return run;
    }

    /** Runs the command, asserts exit 3, a message with the path and {@code problem}, and an unchanged directory. */
    private void assertRefused(Path run, String problem, String... command) throws Exception {
        Map<String, String> before = StoreFiles.snapshot(run);
        err.reset();
        int exit = Main.execute(command);
        String message = err.toString(StandardCharsets.UTF_8);
        assertEquals(3, exit, message);
        assertTrue(message.contains(run.toString()), "the message names the path: " + message);
        assertTrue(message.contains(problem), "the message says '" + problem + "': " + message);
        assertEquals(before, StoreFiles.snapshot(run), "files changed under " + run);
    }

    @Test
    void shouldRefuseDirectoryWithoutStoreWhenResuming() throws Exception {
        Path notARun = Files.createDirectories(dir.resolve("not-a-run"));
        Files.writeString(notARun.resolve("notes.txt"), "hello");
        assertRefused(notARun, "not an AlignSim run directory", "resume", notARun.toString());
    }

    @Test
    void shouldRefuseDirectoryWithoutStoreWhenInspecting() throws Exception {
        Path notARun = Files.createDirectories(dir.resolve("empty"));
        assertRefused(notARun, "not an AlignSim run directory", "inspect", notARun.toString());
    }

    @Test
    void shouldRefuseNewerSchemaWhenResuming() throws Exception {
        Path run = runWithSchemaVersion(99);
        assertRefused(run, "schema version 99", "resume", run.toString());
    }

    @Test
    void shouldRefuseNewerSchemaWhenExporting() throws Exception {
        Path run = runWithSchemaVersion(99);
        assertRefused(run, "schema version 99", "export", run.toString(), "--kind", "metrics");
    }

    @Test
    void shouldRefuseOlderSchemaNamingBothVersionsWhenResuming() throws Exception {
        Path run = runWithSchemaVersion(1);
        assertRefused(run, "schema version 1, older than this build reads (" + RunStore.SCHEMA_VERSION + ")", "resume",
                run.toString());
    }

    @Test
    void shouldRefuseOlderSchemaWhenInspecting() throws Exception {
        Path run = runWithSchemaVersion(1);
        assertRefused(run, "schema version 1", "inspect", run.toString());
    }

    @Test
    void shouldRefuseCorruptedStoreWhenInspecting() throws Exception {
        Path run = copyOfFinishedRun();
        StoreFiles.corruptLargestSst(run.resolve("store"), 64);
        assertRefused(run, "corrupted", "inspect", run.toString());
    }

    @Test
    void shouldRefuseCorruptedStoreWhenResuming() throws Exception {
        Path run = copyOfFinishedRun();
        StoreFiles.corruptLargestSst(run.resolve("store"), 64);
        assertRefused(run, "corrupted", "resume", run.toString());
    }

    @Test
    void shouldRefuseStoreLockedByAnotherProcessWhenResuming() throws Exception {
        Path run = copyOfFinishedRun();
        // An unfinished run: drop the completion mark so that resume gets as far as opening the store to write.
        try (RocksStore rocks = RocksStore.open(run.resolve("store"), RocksStore.Mode.READ_WRITE, StoreOptions.defaults());
                RocksStore.Batch batch = rocks.batch()) {
            batch.delete(RecordKind.META, KeyCodec.MetaKey.COMPLETE.bytes()).commit();
        }
        Process holder = ChildJvm.start(dir.resolve("holder.log"), HoldStore.class.getName(), run.toString());
        try {
            awaitHolding(holder);
            assertRefused(run, "locked by a running process", "resume", run.toString());
        } finally {
            ChildJvm.kill(holder);
        }
    }

    private void awaitHolding(Process holder) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        Path log = dir.resolve("holder.log");
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains("holding")) {
                return;
            }
            if (!holder.isAlive()) {
                throw new AssertionError("the holding process ended: " + Files.readString(log));
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the holding process did not open the store");
    }

}
