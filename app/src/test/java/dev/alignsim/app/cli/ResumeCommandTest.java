package dev.alignsim.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.alignsim.app.Main;
import dev.alignsim.storage.RunStore;
import dev.alignsim.storage.rocks.KeyCodec;
import dev.alignsim.storage.rocks.RecordKind;
import dev.alignsim.storage.rocks.RocksStore;
import dev.alignsim.storage.rocks.StoreOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What resume says and leaves: where it starts, what it computes again, a complete run untouched, config.conf restored. */
class ResumeCommandTest {
    private static final String[] CARTPOLE = {"--set", "env=CartPole-v1", "--set", "device=cpu", "--set", "total_timesteps=3072",
        "--set", "storage.checkpoint_every=4", "--no-progress"};
    private static final String[] CHAT = {"--set", "env=ChatWorld", "--set", "device=cpu", "--set", "pipeline=[sft, label]",
        "--set", "chat.world.topics=2", "--set", "chat.world.entities=4", "--set", "chat.model.hidden=16", "--set",
        "chat.sft.demonstrations=60", "--set", "chat.sft.epochs=1", "--set", "chat.label.prompts=20", "--set", "chat.eval.prompts=20",
        "--no-progress"};

    @TempDir
    static Path shared;
    private static Path cartPole;
    private static Path chat;

    @TempDir
    Path dir;

    private String stdout;

    @BeforeAll
    static void makeRuns() {
        cartPole = shared.resolve("cartpole");
        chat = shared.resolve("chat");
        assertEquals(0, silently(Stream.concat(Stream.of("run", "--out", cartPole.toString()), Stream.of(CARTPOLE)).toArray(String[]::new)));
        assertEquals(0, silently(Stream.concat(Stream.of("run", "--out", chat.toString()), Stream.of(CHAT)).toArray(String[]::new)));
    }

    private static int silently(String... args) {
        PrintStream out = System.out;
        try {
            System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            return Main.execute(args);
        } finally {
            System.setOut(out);
        }
    }

    private int resume(Path run) {
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            return Main.execute("resume", "--no-progress", run.toString());
        } finally {
            System.setOut(out);
            stdout = captured.toString(StandardCharsets.UTF_8);
        }
    }

    private Path copy(Path run) throws IOException {
        Path target = dir.resolve("copy");
        try (Stream<Path> walk = Files.walk(run)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path to = target.resolve(run.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
        return target;
    }

    private static Map<String, String> hashes(Path root) throws Exception {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                files.put(root.relativize(p).toString(),
                        HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
            }
        }
        return files;
    }

    @Test
    void shouldSayWhichCommittedIterationsItComputesAgainWhenTheyFollowTheLastCheckpoint() throws IOException {
        Path run = copy(cartPole);
        // As after a kill: iterations 5 and 6 are committed, the last checkpoint is iteration 4's.
        try (RocksStore rocks = RocksStore.open(run.resolve("store"), RocksStore.Mode.READ_WRITE, StoreOptions.defaults());
                RocksStore.Batch batch = rocks.batch()) {
            batch.delete(RecordKind.META, KeyCodec.MetaKey.COMPLETE.bytes())
                    .put(RecordKind.META, KeyCodec.MetaKey.LAST_CHECKPOINT.bytes(), KeyCodec.iteration(4)).commit();
        }

        assertEquals(0, resume(run));

        assertTrue(stdout.contains("resuming " + run + " at iteration 5 of 6, after the checkpoint of iteration 4; iterations 5..6 were "
                + "committed after it and will be computed again"), stdout);
    }

    @Test
    void shouldNameTheIterationsMetricsHoldsBeyondTheStoreWhenTheStoreLostItsTail() throws IOException {
        Path run = copy(cartPole);
        // As after a write-ahead log that lost its tail: the store ends at the checkpoint of iteration 4, while
        // metrics.jsonl still holds iterations 5 and 6.
        try (RunStore store = RunStore.open(run, true, StoreOptions.defaults())) {
            store.truncateAfter(4);
        }
        try (RocksStore rocks = RocksStore.open(run.resolve("store"), RocksStore.Mode.READ_WRITE, StoreOptions.defaults());
                RocksStore.Batch batch = rocks.batch()) {
            batch.delete(RecordKind.META, KeyCodec.MetaKey.COMPLETE.bytes())
                    .put(RecordKind.META, KeyCodec.MetaKey.LAST_CHECKPOINT.bytes(), KeyCodec.iteration(4)).commit();
        }

        assertEquals(0, resume(run));

        assertTrue(stdout.contains("iterations 5..6 were committed after it and will be computed again"), stdout);
    }

    @Test
    void shouldGiveTheUninterruptedMetricsWhenCommittedIterationsAreComputedAgain() throws IOException {
        Path run = copy(cartPole);
        try (RocksStore rocks = RocksStore.open(run.resolve("store"), RocksStore.Mode.READ_WRITE, StoreOptions.defaults());
                RocksStore.Batch batch = rocks.batch()) {
            batch.delete(RecordKind.META, KeyCodec.MetaKey.COMPLETE.bytes())
                    .put(RecordKind.META, KeyCodec.MetaKey.LAST_CHECKPOINT.bytes(), KeyCodec.iteration(4)).commit();
        }

        assertEquals(0, resume(run));

        assertEquals(withoutTiming(cartPole.resolve("metrics.jsonl")), withoutTiming(run.resolve("metrics.jsonl")));
    }

    private static List<String> withoutTiming(Path metrics) throws IOException {
        return Files.readAllLines(metrics).stream()
                .map(line -> line.replaceAll(",\"perf/[^\"]+\":[^,}]+", "").replaceAll(",\"wall_s\":[^,}]+", "")).toList();
    }

    @Test
    void shouldLeaveEveryFileUnchangedWhenAFinishedControlRunIsResumed() throws Exception {
        Path run = copy(cartPole);
        Map<String, String> before = hashes(run);

        assertEquals(0, resume(run));

        assertTrue(stdout.contains("is complete"), stdout);
        assertEquals(before, hashes(run));
    }

    @Test
    void shouldLeaveEveryFileUnchangedWhenAFinishedChatRunIsResumed() throws Exception {
        Path run = copy(chat);
        Map<String, String> before = hashes(run);

        assertEquals(0, resume(run));

        assertTrue(stdout.contains("is complete (all 2 stages of [sft, label] are stored); nothing to resume"), stdout);
        assertEquals(before, hashes(run));
    }

    @Test
    void shouldRestoreConfigFromTheStoreWhenConfigFileIsMissing() throws IOException {
        Path run = copy(chat);
        String config = Files.readString(run.resolve("config.conf"));
        Files.delete(run.resolve("config.conf"));

        assertEquals(0, resume(run));

        assertEquals(config, Files.readString(run.resolve("config.conf")));
        assertTrue(stdout.contains("restored " + run.resolve("config.conf")), stdout);
    }
}
