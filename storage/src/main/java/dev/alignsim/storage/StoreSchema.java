package dev.alignsim.storage;

import dev.alignsim.storage.rocks.KeyCodec.MetaKey;
import dev.alignsim.storage.rocks.RecordKind;
import dev.alignsim.storage.rocks.RocksStore;
import dev.alignsim.storage.rocks.StoreException;
import dev.alignsim.storage.rocks.StoreOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * The store's layout version: written when a run's store is created, checked before anything is read or written
 * when it is opened, so that a store of another layout is refused with a message that names both versions.
 */
final class StoreSchema {
    /**
     * The layout this build writes, and the only one it reads. 2: ChatWorld responses have their own record and
     * column family ({@code ChatResponses} in {@code responses}); schema 1 stored them in {@code ExperienceBatch}.
     */
    static final int VERSION = 2;
    /** What the last bump changed, for the message that refuses an older store: rewrite it with each bump. */
    private static final String CHANGE = "schema 2 keeps ChatWorld responses in a column family of their own";

    private StoreSchema() {}

    /** Creates the store of a new run in {@code dir}, recording the schema version and the resolved configuration. */
    static RocksStore create(Path dir, Path runDirectory, String resolvedConfig, StoreOptions options) {
        if (Files.exists(dir)) {
            throw new StoreException(StoreException.Problem.IO, runDirectory + " already holds a store; a new run needs a new directory");
        }
        try {
            // RocksDB creates it too, but first logs an error that it is missing.
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StoreException(StoreException.Problem.IO, "cannot create " + dir + ": " + e.getMessage(), e);
        }
        RocksStore rocks = RocksStore.open(dir, RocksStore.Mode.CREATE, options);
        try (RocksStore.Batch batch = rocks.batch()) {
            batch.put(RecordKind.META, MetaKey.SCHEMA_VERSION.bytes(), ByteBuffer.allocate(4).putInt(VERSION).array())
                    .put(RecordKind.META, MetaKey.CONFIG.bytes(), resolvedConfig.getBytes(StandardCharsets.UTF_8))
                    .put(RecordKind.META, MetaKey.CONFIG_DIGEST.bytes(), RunStore.digest(resolvedConfig).getBytes(StandardCharsets.UTF_8))
                    .commit();
        } catch (RuntimeException e) {
            rocks.close();
            throw e;
        }
        return rocks;
    }

    /**
     * Opens the store {@code dir} of an existing run. Refuses, writing nothing, a directory that is not an AlignSim
     * run, a store of an older or a newer schema, a store locked by a running process (read-write only) and a
     * corrupted store.
     */
    static RocksStore open(Path runDirectory, Path dir, boolean writable, StoreOptions options) {
        if (!Files.isDirectory(runDirectory)) {
            throw new StoreException(StoreException.Problem.NOT_A_STORE, runDirectory + " is not an AlignSim run directory: "
                    + (Files.exists(runDirectory) ? "it is not a directory" : "it does not exist"));
        }
        if (!Files.isRegularFile(dir.resolve("CURRENT"))) {
            throw missingCurrent(runDirectory, dir);
        }
        Set<RecordKind> missing = RocksStore.missingKinds(dir);
        if (!missing.isEmpty()) {
            throw refuseWithout(runDirectory, missing, options);
        }
        RocksStore rocks = RocksStore.open(dir, writable ? RocksStore.Mode.READ_WRITE : RocksStore.Mode.READ_ONLY, options);
        try {
            checkSchema(runDirectory, rocks.get(RecordKind.META, MetaKey.SCHEMA_VERSION.bytes()));
        } catch (RuntimeException e) {
            rocks.close();
            throw e;
        }
        return rocks;
    }

    /** Why a store without RocksDB's {@code CURRENT} file cannot be opened: no store at all, or a damaged one. */
    private static StoreException missingCurrent(Path runDirectory, Path dir) {
        if (!Files.exists(dir)) {
            return new StoreException(StoreException.Problem.NOT_A_STORE, runDirectory + " is not an AlignSim run directory: it has no "
                    + RunStore.DIRECTORY + "/ database (a directory made by `alignsim run` holds one)");
        }
        if (!Files.isDirectory(dir)) {
            return new StoreException(StoreException.Problem.NOT_A_STORE, runDirectory + " is not an AlignSim run directory: "
                    + dir + " is a file; expected the RocksDB database directory `alignsim run` makes");
        }
        boolean empty;
        try (var entries = Files.list(dir)) {
            empty = entries.findAny().isEmpty();
        } catch (IOException e) {
            throw new StoreException(StoreException.Problem.IO, "cannot read " + dir + ": " + e.getMessage(), e);
        }
        return new StoreException(StoreException.Problem.CORRUPTED, "the store in " + runDirectory + " is corrupted: " + dir
                + (empty ? " is empty" : " has no CURRENT file (RocksDB's pointer to its newest MANIFEST)")
                + "; expected a complete RocksDB database. The store was left unchanged; restore " + dir + " from a backup, or run "
                + "the experiment again (alignsim run --config " + runDirectory.resolve(RunDirectory.CONFIG) + " --out <a new directory>)");
    }

    /**
     * Why a database lacking some of this layout's column families cannot be opened: a store of an older schema (its
     * version read without opening the missing families, and without writing), or not an AlignSim store.
     */
    private static StoreException refuseWithout(Path runDirectory, Set<RecordKind> missing, StoreOptions options) {
        Path dir = runDirectory.resolve(RunStore.DIRECTORY);
        List<String> names = missing.stream().map(RecordKind::familyName).toList();
        if (missing.contains(RecordKind.META)) {
            return new StoreException(StoreException.Problem.NOT_A_STORE, runDirectory + " is not an AlignSim run directory: "
                    + dir + " is a RocksDB database without AlignSim's column families (missing: " + String.join(", ", names) + ")");
        }
        checkSchema(runDirectory, RocksStore.readOnlyGet(dir, RecordKind.META, MetaKey.SCHEMA_VERSION.bytes(), options));
        return new StoreException(StoreException.Problem.CORRUPTED, "the store in " + runDirectory + " has schema version "
                + VERSION + " but lacks the column families " + names + " that schema " + VERSION + " creates");
    }

    /** Refuses a store without a schema version, or of a schema other than {@link #VERSION}. */
    private static void checkSchema(Path runDirectory, byte[] schema) {
        if (schema == null || schema.length != 4) {
            throw new StoreException(StoreException.Problem.NOT_A_STORE, runDirectory
                    + " is not an AlignSim run directory: its store has no schema version");
        }
        int version = ByteBuffer.wrap(schema).getInt();
        if (version > VERSION) {
            throw new StoreException(StoreException.Problem.NEWER_SCHEMA, "the store in " + runDirectory + " has schema version "
                    + version + ", newer than this build reads (" + VERSION + "); use a newer alignsim");
        }
        if (version < VERSION) {
            throw new StoreException(StoreException.Problem.OLDER_SCHEMA, "the store in " + runDirectory + " has schema version "
                    + version + ", older than this build reads (" + VERSION + "): " + CHANGE
                    + ". Read or resume it with the alignsim that "
                    + "wrote it, or run it again with this one (alignsim run --config " + runDirectory.resolve(RunDirectory.CONFIG)
                    + " --out <a new directory>); the store was left unchanged");
        }
    }
}
