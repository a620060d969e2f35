package dev.alignsim.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.alignsim.storage.rocks.KeyCodec;
import dev.alignsim.storage.rocks.KeyCodec.MetaKey;
import dev.alignsim.storage.rocks.RecordKind;
import dev.alignsim.storage.rocks.RocksStore;
import dev.alignsim.storage.rocks.StoreException;
import dev.alignsim.storage.rocks.StoreOptions;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;

/** Which stores this build opens: its own schema only; a schema 1 store is refused, naming both versions, unchanged. */
class StoreSchemaTest {
    /** Schema 1's column families: every kind of record but ChatWorld's responses. */
    private static final List<String> SCHEMA_ONE_FAMILIES = List.of("meta", "experience", "comparisons", "checkpoints", "metrics");
    private static final StoreOptions OPTIONS = StoreOptions.defaults();

    @TempDir
    Path run;

    private static byte[] schema(int version) {
        return ByteBuffer.allocate(4).putInt(version).array();
    }

    /**
     * A store laid out as the previous version wrote it, made with RocksDB directly: the given families, and in meta
     * (when present) the given schema version, a configuration and its digest, with one metrics line.
     */
    private void writeStore(List<String> families, int schemaVersion) throws Exception {
        Path dir = Files.createDirectories(run.resolve(RunStore.DIRECTORY));
        List<ColumnFamilyOptions> familyOptions = new ArrayList<>();
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, track(familyOptions)));
        for (String family : families) {
            descriptors.add(new ColumnFamilyDescriptor(family.getBytes(StandardCharsets.UTF_8), track(familyOptions)));
        }
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        try (DBOptions options = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true);
                RocksDB db = RocksDB.open(options, dir.toString(), descriptors, handles)) {
            int meta = families.indexOf("meta") + 1;
            if (meta > 0) {
                db.put(handles.get(meta), MetaKey.SCHEMA_VERSION.bytes(), schema(schemaVersion));
                db.put(handles.get(meta), MetaKey.CONFIG.bytes(), "alignsim { seed = 1 }".getBytes(StandardCharsets.UTF_8));
                db.put(handles.get(meta), MetaKey.CONFIG_DIGEST.bytes(), RunStore.digest("alignsim { seed = 1 }")
                        .getBytes(StandardCharsets.UTF_8));
            }
            int metrics = families.indexOf("metrics") + 1;
            if (metrics > 0) {
                db.put(handles.get(metrics), KeyCodec.iteration(1), StoreRecords.metrics(1).toByteArray());
            }
            for (ColumnFamilyHandle handle : handles) {
                handle.close();
            }
        } finally {
            familyOptions.forEach(ColumnFamilyOptions::close);
        }
    }

    private static ColumnFamilyOptions track(List<ColumnFamilyOptions> all) {
        ColumnFamilyOptions options = new ColumnFamilyOptions();
        all.add(options);
        return options;
    }

    private static Map<String, String> files(Path root) throws Exception {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (Files.isRegularFile(p)) {
                    files.put(root.relativize(p).toString(),
                            HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
                }
            }
        }
        return files;
    }

    private void assertOlderSchema(StoreException e) {
        assertEquals(StoreException.Problem.OLDER_SCHEMA, e.problem(), e.getMessage());
        assertTrue(e.getMessage().contains("schema version 1, older than this build reads (" + RunStore.SCHEMA_VERSION + ")"),
                e.getMessage());
        assertTrue(e.getMessage().contains(run.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("alignsim run --config"), "says what to do: " + e.getMessage());
    }

    @Test
    void shouldWriteTheCurrentSchemaVersionWhenCreated() {
        RunStore.create(run, "alignsim { seed = 1 }", OPTIONS).close();

        try (RunStore store = RunStore.open(run, false, OPTIONS)) {
            assertEquals(RunStore.SCHEMA_VERSION, store.schemaVersion());
        }
    }

    @Test
    void shouldRefuseAsOlderSchemaNamingBothVersionsWhenSchemaOneStoreIsRead() throws Exception {
        writeStore(SCHEMA_ONE_FAMILIES, 1);

        assertOlderSchema(assertThrows(StoreException.class, () -> RunStore.open(run, false, OPTIONS)));
    }

    @Test
    void shouldRefuseAsOlderSchemaWhenSchemaOneStoreIsOpenedToWrite() throws Exception {
        writeStore(SCHEMA_ONE_FAMILIES, 1);

        assertOlderSchema(assertThrows(StoreException.class, () -> RunStore.open(run, true, OPTIONS)));
    }

    @Test
    void shouldLeaveEveryFileUnchangedWhenSchemaOneStoreIsRefused() throws Exception {
        writeStore(SCHEMA_ONE_FAMILIES, 1);
        Map<String, String> before = files(run);

        assertThrows(StoreException.class, () -> RunStore.open(run, true, OPTIONS));
        assertThrows(StoreException.class, () -> RunStore.open(run, false, OPTIONS));

        assertEquals(before, files(run));
    }

    @Test
    void shouldRefuseAsOlderSchemaWhenTheCurrentLayoutClaimsSchemaOne() {
        try (RunStore store = RunStore.create(run, "alignsim { seed = 1 }", OPTIONS);
                RocksStore.Batch batch = store.rocks().batch()) {
            batch.put(RecordKind.META, MetaKey.SCHEMA_VERSION.bytes(), schema(1)).commit();
        }

        assertOlderSchema(assertThrows(StoreException.class, () -> RunStore.open(run, false, OPTIONS)));
    }

    @Test
    void shouldRefuseAsNotAStoreNamingTheMissingFamiliesWhenTheDatabaseIsNotAlignSims() throws Exception {
        writeStore(List.of("something-else"), 0);

        StoreException e = assertThrows(StoreException.class, () -> RunStore.open(run, false, OPTIONS));

        assertEquals(StoreException.Problem.NOT_A_STORE, e.problem(), e.getMessage());
        assertTrue(e.getMessage().contains("missing: meta"), e.getMessage());
    }

    @Test
    void shouldRefuseAsCorruptedWhenTheCurrentSchemaLacksAFamily() throws Exception {
        writeStore(SCHEMA_ONE_FAMILIES, RunStore.SCHEMA_VERSION);

        StoreException e = assertThrows(StoreException.class, () -> RunStore.open(run, false, OPTIONS));

        assertEquals(StoreException.Problem.CORRUPTED, e.problem(), e.getMessage());
        assertTrue(e.getMessage().contains("responses"), e.getMessage());
    }
}
