package dev.alignsim.storage.rocks;

import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;

/**
 * Every RocksDB option AlignSim sets, in one place. {@link Tuner} is the hook for users who need more (for
 * example a larger write buffer for long ChatWorld runs): it sees the options after ours and before the open.
 *
 * @param syncCommits fsync the WAL at each iteration's commit: survives power loss, not only a process kill
 * @param writeBufferBytes memtable size per column family
 * @param compression block compression of SST files
 * @param tuner last word on the options, or {@link Tuner#NONE}
 */
public record StoreOptions(boolean syncCommits, long writeBufferBytes, CompressionType compression, Tuner tuner) {

    /** Changes RocksDB options before a store opens; called once per open, for the database and every family. */
    public interface Tuner {
        Tuner NONE = new Tuner() {};

        default void tuneDatabase(DBOptions options) {}

        default void tuneFamily(RecordKind kind, ColumnFamilyOptions options) {}
    }

    /** Kill-safe commits (the WAL reaches the OS at every commit), 16 MiB memtables, LZ4 blocks. */
    public static StoreOptions defaults() {
        return new StoreOptions(false, 16L << 20, CompressionType.LZ4_COMPRESSION, Tuner.NONE);
    }

    public StoreOptions withSyncCommits(boolean sync) {
        return new StoreOptions(sync, writeBufferBytes, compression, tuner);
    }

    public StoreOptions withTuner(Tuner newTuner) {
        return new StoreOptions(syncCommits, writeBufferBytes, compression, newTuner);
    }

    DBOptions databaseOptions(boolean create) {
        DBOptions options = new DBOptions()
                .setCreateIfMissing(create)
                .setCreateMissingColumnFamilies(create)
                .setParanoidChecks(true)
                .setKeepLogFileNum(2);
        tuner.tuneDatabase(options);
        return options;
    }

    ColumnFamilyOptions familyOptions(RecordKind kind) {
        ColumnFamilyOptions options = new ColumnFamilyOptions()
                .setWriteBufferSize(writeBufferBytes)
                .setCompressionType(compression);
        tuner.tuneFamily(kind, options);
        return options;
    }
}
