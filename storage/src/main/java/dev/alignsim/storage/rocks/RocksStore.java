package dev.alignsim.storage.rocks;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Status;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The byte-level store: one RocksDB database with a column family per {@link RecordKind}. It deals in keys and
 * values as bytes; typed repositories sit on top. Every native handle is closed once, in a fixed order
 * (column families, database, then the options and logger they were opened with).
 */
public final class RocksStore implements AutoCloseable {
    static {
        RocksNative.load();
    }

    /** How to open: create a new store, open an existing one to write, or to read only (writes nothing). */
    public enum Mode { CREATE, READ_WRITE, READ_ONLY }

    private final Path directory;
    private final boolean readOnly;
    private final DBOptions dbOptions;
    private final Slf4jRocksLogger logger;
    private final List<ColumnFamilyOptions> familyOptions;
    private final List<ColumnFamilyHandle> handles;
    private final Map<RecordKind, ColumnFamilyHandle> families = new EnumMap<>(RecordKind.class);
    private final RocksDB db;
    private final WriteOptions writeOptions;
    private final ReadOptions readOptions;
    private boolean closed;

    private RocksStore(Path directory, Mode mode, StoreOptions options, List<RecordKind> kinds) {
        this.directory = directory;
        this.readOnly = mode == Mode.READ_ONLY;
        this.dbOptions = options.databaseOptions(mode == Mode.CREATE);
        this.logger = new Slf4jRocksLogger();
        dbOptions.setLogger(logger);
        this.familyOptions = new ArrayList<>();
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, track(new ColumnFamilyOptions())));
        for (RecordKind kind : kinds) {
            descriptors.add(new ColumnFamilyDescriptor(kind.familyNameBytes(), track(options.familyOptions(kind))));
        }
        this.handles = new ArrayList<>();
        this.writeOptions = new WriteOptions().setSync(options.syncCommits());
        this.readOptions = new ReadOptions().setVerifyChecksums(true);
        try {
            this.db = readOnly
                    ? RocksDB.openReadOnly(dbOptions, directory.toString(), descriptors, handles)
                    : RocksDB.open(dbOptions, directory.toString(), descriptors, handles);
        } catch (RocksDBException e) {
            closeOptions();
            throw translate(e, "cannot open store " + directory);
        }
        for (int i = 0; i < kinds.size(); i++) {
            families.put(kinds.get(i), handles.get(i + 1));
        }
    }

    private ColumnFamilyOptions track(ColumnFamilyOptions options) {
        familyOptions.add(options);
        return options;
    }

    /** Opens the store with a column family per {@link RecordKind}; every one must exist unless {@code mode} creates them. */
    public static RocksStore open(Path directory, Mode mode, StoreOptions options) {
        return new RocksStore(directory, mode, options, List.of(RecordKind.values()));
    }

    /**
     * The kinds whose column family the database in {@code directory} lacks: none for a store of this layout; some for
     * a store of an older layout or a database that is not AlignSim's. Reads the database's manifest only.
     */
    public static Set<RecordKind> missingKinds(Path directory) {
        Set<String> present = new HashSet<>();
        try (Options listing = new Options()) {
            for (byte[] name : RocksDB.listColumnFamilies(listing, directory.toString())) {
                present.add(new String(name, StandardCharsets.UTF_8));
            }
        } catch (RocksDBException e) {
            throw translate(e, "cannot list the column families of " + directory);
        }
        Set<RecordKind> missing = EnumSet.noneOf(RecordKind.class);
        for (RecordKind kind : RecordKind.values()) {
            if (!present.contains(kind.familyName())) {
                missing.add(kind);
            }
        }
        return missing;
    }

    /**
     * One value of a store whose other column families may be missing, read-only (it writes nothing): how a store of
     * an older layout tells its schema version before it is refused. Null when the key is absent.
     */
    public static byte[] readOnlyGet(Path directory, RecordKind kind, byte[] key, StoreOptions options) {
        try (RocksStore partial = new RocksStore(directory, Mode.READ_ONLY, options, List.of(kind))) {
            return partial.get(kind, key);
        }
    }

    public Path directory() {
        return directory;
    }

    public byte[] get(RecordKind kind, byte[] key) {
        try {
            return db.get(family(kind), key);
        } catch (RocksDBException e) {
            throw translate(e, "cannot read " + kind.familyName() + " from " + directory);
        }
    }

    private ColumnFamilyHandle family(RecordKind kind) {
        ColumnFamilyHandle handle = families.get(kind);
        if (handle == null) {
            throw new IllegalStateException("store " + directory + " was opened without its " + kind.familyName() + " column family");
        }
        return handle;
    }

    /** Receives the records of a range in key order. */
    @FunctionalInterface
    public interface Visitor {
        /** @return false to stop */
        boolean visit(byte[] key, byte[] value);
    }

    /** Visits the records with {@code from <= key < to} in key order; a null bound is open. */
    public void scan(RecordKind kind, byte[] from, byte[] to, Visitor visitor) {
        try (RocksIterator it = db.newIterator(family(kind), readOptions)) {
            if (from == null) {
                it.seekToFirst();
            } else {
                it.seek(from);
            }
            for (; it.isValid(); it.next()) {
                byte[] key = it.key();
                if (to != null && Arrays.compareUnsigned(key, to) >= 0) {
                    break;
                }
                if (!visitor.visit(key, it.value())) {
                    break;
                }
            }
            it.status();
        } catch (RocksDBException e) {
            throw translate(e, "cannot scan " + kind.familyName() + " in " + directory);
        }
    }

    /** The last key of a kind (by byte order), or null when it holds none. */
    public byte[] lastKey(RecordKind kind) {
        try (RocksIterator it = db.newIterator(family(kind))) {
            it.seekToLast();
            return it.isValid() ? it.key() : null;
        }
    }

    /** Bytes of a kind's SST files on disk (RocksDB's {@code rocksdb.total-sst-files-size}). */
    public long sstBytes(RecordKind kind) {
        try {
            return Long.parseLong(db.getProperty(family(kind), "rocksdb.total-sst-files-size"));
        } catch (RocksDBException e) {
            throw translate(e, "cannot read the size of " + kind.familyName() + " in " + directory);
        }
    }

    /** A set of writes that becomes visible all at once, across kinds, or not at all. */
    public final class Batch implements AutoCloseable {
        private final WriteBatch batch = new WriteBatch();

        public Batch put(RecordKind kind, byte[] key, byte[] value) {
            try {
                batch.put(family(kind), key, value);
            } catch (RocksDBException e) {
                throw translate(e, "cannot stage a write to " + directory);
            }
            return this;
        }

        /** Deletes one key (nothing happens if it is absent). */
        public Batch delete(RecordKind kind, byte[] key) {
            try {
                batch.delete(family(kind), key);
            } catch (RocksDBException e) {
                throw translate(e, "cannot stage a delete in " + directory);
            }
            return this;
        }

        /** Deletes {@code from <= key < to}. */
        public Batch deleteRange(RecordKind kind, byte[] from, byte[] to) {
            try {
                batch.deleteRange(family(kind), from, to);
            } catch (RocksDBException e) {
                throw translate(e, "cannot stage a delete in " + directory);
            }
            return this;
        }

        /** Applies every staged write atomically (and durably past a process kill; past power loss with sync). */
        public void commit() {
            checkWritable();
            try {
                db.write(writeOptions, batch);
            } catch (RocksDBException e) {
                throw translate(e, "cannot commit to " + directory);
            }
        }

        public long sizeInBytes() {
            return batch.getDataSize();
        }

        @Override
        public void close() {
            batch.close();
        }
    }

    public Batch batch() {
        checkWritable();
        return new Batch();
    }

    /** Reads every block of every file and checks its checksum. */
    public void verifyChecksums() {
        try {
            db.verifyChecksum();
        } catch (RocksDBException e) {
            throw translate(e, "store " + directory + " failed its checksum verification");
        }
    }

    /** Writes memtables to SST files (so a finished run's data sits in checksummed files). */
    public void flush() {
        checkWritable();
        try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
            db.flush(flush, new ArrayList<>(families.values()));
        } catch (RocksDBException e) {
            throw translate(e, "cannot flush " + directory);
        }
    }

    private void checkWritable() {
        if (readOnly) {
            throw new IllegalStateException("store " + directory + " is open read-only");
        }
    }

    private static StoreException translate(RocksDBException e, String what) {
        Status status = e.getStatus();
        String detail = status != null && status.getState() != null ? status.getState() : e.getMessage();
        if (status != null && status.getCode() == Status.Code.Corruption) {
            return new StoreException(StoreException.Problem.CORRUPTED, what + ": the store is corrupted (" + detail + ")", e);
        }
        if (detail != null && isLockConflict(detail)) {
            return new StoreException(StoreException.Problem.LOCKED, what + ": the store is locked by a running process ("
                    + detail + ")", e);
        }
        return new StoreException(StoreException.Problem.IO, what + ": " + detail, e);
    }

    /** RocksDB's words for a LOCK file held by another process, or by another handle in this one. */
    private static boolean isLockConflict(String detail) {
        return detail.contains("While lock file") || detail.contains("lock hold by current process")
                || detail.contains("/LOCK:");
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (ColumnFamilyHandle handle : handles) {
            handle.close();
        }
        try {
            db.closeE();
        } catch (RocksDBException e) {
            throw translate(e, "cannot close " + directory);
        } finally {
            closeOptions();
        }
    }

    private void closeOptions() {
        writeOptions.close();
        readOptions.close();
        for (ColumnFamilyOptions options : familyOptions) {
            options.close();
        }
        dbOptions.close();
        logger.close();
    }
}
