package dev.alignsim.app.malformed;

import dev.alignsim.app.store.ChildJvm;
import dev.alignsim.app.store.HoldStore;
import dev.alignsim.storage.rocks.KeyCodec;
import dev.alignsim.storage.rocks.RecordKind;
import dev.alignsim.storage.rocks.RocksStore;
import dev.alignsim.storage.rocks.StoreOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

/**
 * Run directories whose store cannot be used, given to every command that opens one: a missing or wrong CURRENT, a
 * missing MANIFEST, an empty store, a store that is a file, corrupted, cut or deleted SST files, an older, newer or
 * missing schema version, a RocksDB database that is not AlignSim's, a store locked by a running process. Each exits
 * 3 naming the run, and leaves every file of the damaged copy, and of the run it was copied from, as it was.
 */
class MalformedStoresTest {
    @TempDir
    static Path workspace;
    private static Path cartPole;
    private static Path chat;

    @TempDir
    Path scratch;

    @BeforeAll
    static void makeRuns() {
        cartPole = FinishedRuns.cartPole(workspace.resolve("runs").resolve("cartpole"));
        chat = FinishedRuns.chat(workspace.resolve("runs").resolve("chat"));
    }

    /** Damages a copy of a finished run's store. */
    @FunctionalInterface
    interface Damage {
        void apply(Path store) throws Exception;
    }

    private static Arguments store(String name, Damage damage, String... mentions) {
        return Arguments.of(name, damage, List.of(mentions));
    }

    static Stream<Arguments> damagedStores() {
        List<Arguments> damages = List.of(
                store("missing CURRENT", s -> Files.delete(s.resolve("CURRENT")), "corrupted", "no CURRENT file"),
                store("garbage CURRENT", s -> Files.writeString(s.resolve("CURRENT"), "MANIFEST-999999\n")),
                store("missing MANIFEST", s -> deleteMatching(s, "MANIFEST-")),
                store("empty store", s -> deleteMatching(s, "")),
                store("store is a file", s -> {
                    deleteMatching(s, "");
                    Files.delete(s);
                    Files.writeString(s, "not a database\n");
                }, "is a file"),
                store("corrupted SST", s -> corruptLargestSst(s, 64), "corrupted"),
                store("cut SST", s -> {
                    Path sst = largestSst(s);
                    byte[] bytes = Files.readAllBytes(sst);
                    Files.write(sst, Arrays.copyOf(bytes, bytes.length / 2));
                }),
                store("deleted SST", s -> Files.delete(largestSst(s))),
                store("newer schema", s -> schema(s, ByteBuffer.allocate(4).putInt(99).array()), "schema version 99", "newer"),
                store("older schema", s -> schema(s, ByteBuffer.allocate(4).putInt(1).array()), "schema version 1", "older"),
                store("no schema version", s -> schema(s, null), "no schema version"),
                store("foreign RocksDB", MalformedStoresTest::foreignDatabase, "without AlignSim's column families"));
        // A corrupted block is found where it is read: inspect and resume verify every block first; export and rm-eval
        // read (and verify) only what they need, so a corruption elsewhere does not stop them.
        return damages.stream().flatMap(d -> Stream.of(new String[] {"inspect"}, new String[] {"resume", "--no-progress"},
                        new String[] {"export", "--kind", "metrics"}, new String[] {"rm-eval"})
                .filter(command -> !(d.get()[0].equals("corrupted SST") && (command[0].equals("export") || command[0].equals("rm-eval"))))
                .map(command -> Arguments.of(d.get()[0], d.get()[1], d.get()[2], command)));
    }

    @ParameterizedTest(name = "{index}: {0}, {3}")
    @MethodSource("damagedStores")
    void shouldRefuseWithExitThreeNamingTheRunWhenItsStoreIsDamaged(String name, Damage damage, List<String> mentions, String[] command)
            throws Exception {
        Path run = FinishedRuns.copy(command[0].equals("rm-eval") ? chat : cartPole, scratch.resolve("damaged"));
        damage.apply(run.resolve("store"));
        String[] args = Stream.concat(Stream.of(command[0], run.toString()), Stream.of(command).skip(1)).toArray(String[]::new);

        Refusals.assertRefused(scratch, 3, Stream.concat(Stream.of(run.toString()), mentions.stream()).toList(), args);
    }

    @Test
    void shouldRefuseWithExitThreeNamingTheLockWhenAnotherProcessHoldsTheStore() throws Exception {
        Path run = FinishedRuns.copy(cartPole, scratch.resolve("held"));
        try (RocksStore rocks = RocksStore.open(run.resolve("store"), RocksStore.Mode.READ_WRITE, StoreOptions.defaults());
                RocksStore.Batch batch = rocks.batch()) {
            batch.delete(RecordKind.META, KeyCodec.MetaKey.COMPLETE.bytes()).commit();
        }
        Path log = workspace.resolve("holder.log");
        Process holder = ChildJvm.start(log, HoldStore.class.getName(), run.toString());
        try {
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!(Files.exists(log) && Files.readString(log).contains("holding")) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            Refusals.assertRefused(scratch, 3, List.of(run.toString(), "locked by a running process"), "resume", "--no-progress",
                    run.toString());
        } finally {
            ChildJvm.kill(holder);
        }
    }

    private static void schema(Path store, byte[] version) {
        try (RocksStore rocks = RocksStore.open(store, RocksStore.Mode.READ_WRITE, StoreOptions.defaults());
                RocksStore.Batch batch = rocks.batch()) {
            if (version == null) {
                batch.delete(RecordKind.META, KeyCodec.MetaKey.SCHEMA_VERSION.bytes()).commit();
            } else {
                batch.put(RecordKind.META, KeyCodec.MetaKey.SCHEMA_VERSION.bytes(), version).commit();
            }
        }
    }

    private static void foreignDatabase(Path store) throws IOException, RocksDBException {
        deleteMatching(store, "");
        try (Options options = new Options().setCreateIfMissing(true); RocksDB db = RocksDB.open(options, store.toString())) {
            db.put(new byte[] {1}, new byte[] {2});
        }
    }

    private static void deleteMatching(Path store, String prefix) throws IOException {
        try (Stream<Path> files = Files.list(store)) {
            for (Path p : files.filter(f -> f.getFileName().toString().startsWith(prefix)).toList()) {
                Files.delete(p);
            }
        }
    }

    private static Path largestSst(Path store) throws IOException {
        try (Stream<Path> files = Files.list(store)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".sst"))
                    .max(Comparator.comparingLong(p -> p.toFile().length())).orElseThrow();
        }
    }

    private static void corruptLargestSst(Path store, int count) throws IOException {
        Path sst = largestSst(store);
        byte[] bytes = Files.readAllBytes(sst);
        for (int i = 0, start = bytes.length / 2 - count / 2; i < count; i++) {
            bytes[start + i] = 0x5A;
        }
        Files.write(sst, bytes);
    }
}
