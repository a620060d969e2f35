/**
 * The byte level of a run store: one RocksDB database with a column family per
 * {@link dev.alignsim.storage.rocks.RecordKind}, every key spelled by {@link dev.alignsim.storage.rocks.KeyCodec}
 * (big-endian, so byte order is time order), every option in {@link dev.alignsim.storage.rocks.StoreOptions}, and
 * RocksDB's failures translated into {@link dev.alignsim.storage.rocks.StoreException}s that name the store and the
 * problem. Only the typed store above it opens a database.
 */
package dev.alignsim.storage.rocks;
